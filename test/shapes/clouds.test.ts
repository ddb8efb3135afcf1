import { cloudOf } from "../../src/shapes/clouds";

/** Reports name each finding's cloud from its resource type token. */
test.each([
  ["aws:ec2/securityGroup:SecurityGroup", "aws"],
  ["azure-native:network:NetworkSecurityGroup", "azure"],
  ["azure:network/networkSecurityRule:NetworkSecurityRule", "azure"],
  ["gcp:compute/firewall:Firewall", "gcp"],
  ["pulumi:pulumi:Stack", undefined],
  ["awsx:ec2:Vpc", undefined],
  ["", undefined],
  ["constructor:x:y", undefined],
])("%s -> %s", (type, cloud) => expect(cloudOf(type)).toBe(cloud));
