import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Action, actions, isAllowed, type Principal } from "@appstudio/core";
import { testDialects } from "@appstudio/storage/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionRequests, isNotExposed } from "./support/action-requests.js";
import { expectError } from "./support/error-body.js";
import { buildWorld, expectedOutcome, type Grants, type PrincipalName, principals, type World } from "./support/permission-world.js";

const principalNames = Object.keys(principals) as PrincipalName[];
const exposed = actions.filter((a) => !isNotExposed(actionRequests[a]));

describe("permission matrix: coverage", () => {
  it("maps every action of the permission table to an HTTP request (or says why it has none)", () => {
    expect(Object.keys(actionRequests).sort()).toEqual([...actions].sort());
  });

  it("checks every exposed action somewhere, and no action it calls 'not exposed'", () => {
    // Once a use case authorizes a 'not exposed' action, a route exists and the matrix must exercise it;
    // an exposed action nobody authorizes would make its row of the matrix meaningless.
    const roots = ["../../../packages/core/src", "../src"].map((p) => join(import.meta.dirname, p));
    const sources = roots.flatMap(sourceFiles).map((file) => readFileSync(file, "utf8"));
    const checked = (action: Action) =>
      sources.some((text) => new RegExp(`(authorize|isAllowed)\\([^)]*["']${action.replace(".", "\\.")}["']`).test(text));
    expect(actions.filter((a) => isNotExposed(actionRequests[a]) && checked(a))).toEqual([]);
    expect(exposed.filter((a) => !checked(a))).toEqual([]);
  });

  it("derives the same expectations as core's isAllowed for every enabled principal", () => {
    for (const name of principalNames) {
      const grants: Grants = principals[name];
      if (grants.disabled || grants.token) continue;
      const principal: Principal = {
        userId: "u-1", loginName: name, isMain: grants.isMain ?? false, disabled: false, policies: grants.policies,
        memberships: new Map(grants.roleInW ? [["ws-w", grants.roleInW]] : [["ws-other", "admin"]]), ip: null,
      };
      for (const action of actions) {
        expect({ name, action, allowed: isAllowed(principal, action, { workspaceId: "ws-w" }) }).toEqual({
          name, action, allowed: expectedOutcome(grants, action).allowed,
        });
      }
    }
  });
});

describe.each(testDialects())("permission matrix over HTTP (%s)", (dialect) => {
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(dialect);
  }, 120_000);
  afterAll(() => world?.close());

  describe.each(principalNames)("%s", (name) => {
    it.each(exposed.map((action) => [action, expectedOutcome(principals[name], action)] as const))("%s -> %j", async (action: Action, expected) => {
      const build = actionRequests[action];
      if (isNotExposed(build)) throw new Error("unreachable");
      const actor = world.actors[name];
      const request = await build(world, actor);
      const res = await world.server.call(request.method, request.path, { token: actor.token, body: request.body });
      const where = `${name} ${action}: ${request.method} ${request.path}`;
      if (expected.allowed) {
        expect(res.status, `${where} -> ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(200);
        expect(res.status, `${where} -> ${JSON.stringify(res.body)}`).toBeLessThan(300);
      } else {
        expectError(res, expected.status, expected.code, where);
      }
    });
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") && !path.endsWith(".test.ts") ? [path] : [];
  });
}
