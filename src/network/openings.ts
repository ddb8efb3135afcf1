import { cached } from "../cached";
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
  return cached(openingsMemo, views, () => [...awsOpenings(views), ...azureOpenings(views), ...gcpOpenings(views)]);
}
