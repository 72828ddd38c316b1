import { App } from "cdktf";
import { sizeProfiles } from "../src/config/environment-schema";
import { validateEnvironment } from "../src/config/validate-environment";
import { staging } from "../stacks/environments/staging";
import { PlatformStack } from "../constructs/platform-stack";

/** The platform of an environment shaped like staging (object storage everywhere) at a size profile. */
const platformAt = (size: (typeof sizeProfiles)[number]) => new PlatformStack(new App(), validateEnvironment({ ...staging, size })).platform;

describe("size profiles", () => {
  it.each(sizeProfiles)("%s: Loki either claims no redundancy (one replica, one copy) or survives a lost pod", (size) => {
    const { replicas, replicationFactor } = platformAt(size).loki.config;
    expect(replicationFactor).toBeLessThanOrEqual(replicas);
    // a write needs floor(RF/2)+1 copies: only RF ≥ 3 leaves one to lose
    if (replicas > 1) expect(replicationFactor).toBeGreaterThanOrEqual(3);
    else expect(replicationFactor).toBe(1);
  });

  it("runs Loki three times with three copies of every line from medium (staging) up", () => {
    for (const size of ["medium", "large"] as const) {
      expect({ size, ...pick(platformAt(size).loki.config) }).toEqual({ size, replicas: 3, replicationFactor: 3 });
    }
  });
});

const pick = ({ replicas, replicationFactor }: { replicas: number; replicationFactor: number }) => ({ replicas, replicationFactor });
