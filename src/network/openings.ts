import { cached } from "../cached";
import { cloudOf, type Cloud } from "../shapes/clouds";
import type { ResourceView } from "../shapes/resource";
import { awsOpenings } from "./aws/openings";
import { azureOpenings } from "./azure/openings";
import { gcpOpenings } from "./gcp/openings";
import type { Opening } from "./paths";

const openingsMemo = new WeakMap<readonly ResourceView[], Opening[]>();

/**
 * Every opening of a stack, whatever its cloud, each with the subjects that may justify it and the
 * filters on the internet's path to its hosts. Policies that look at the same stack share one
 * reading of it.
 */
export function openingsOf(views: readonly ResourceView[]): Opening[] {
  return cached(openingsMemo, views, () => {
    // Each cloud's builder indexes only its own resources: a stack of one cloud pays for one.
    const byCloud = new Map<Cloud | undefined, ResourceView[]>();
    for (const view of views) cached(byCloud, cloudOf(view.type), () => []).push(view);
    const of = (cloud: Cloud) => byCloud.get(cloud) ?? [];
    return [...awsOpenings(of("aws")), ...azureOpenings(of("azure")), ...gcpOpenings(of("gcp"))];
  });
}
