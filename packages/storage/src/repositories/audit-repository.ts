import type { AuditEvent, AuditQuery, AuditRepository } from "@appstudio/core";
import type { Kysely } from "kysely";
import { conflictOnDuplicate } from "../dialects/errors.js";
import type { Database } from "../schema.js";
import { json, page } from "./row-helpers.js";

export class KyselyAuditRepository implements AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(e: AuditEvent) {
    await conflictOnDuplicate(
      () =>
        this.db
          .insertInto("audit_events")
          .values({
            id: e.id,
            at: e.at,
            actor_id: e.actorId,
            actor_name: e.actorName,
            action: e.action,
            resource_type: e.resourceType,
            resource_id: e.resourceId,
            workspace_id: e.workspaceId,
            ip: e.ip,
            details: JSON.stringify(e.details),
          })
          .execute(),
      `Audit event '${e.id}' already exists.`,
    );
  }

  async list(query: AuditQuery) {
    let q = this.db.selectFrom("audit_events");
    if (query.workspaceId) q = q.where("workspace_id", "=", query.workspaceId);
    if (query.actorId) q = q.where("actor_id", "=", query.actorId);
    if (query.action) q = q.where("action", "=", query.action);
    if (query.from) q = q.where("at", ">=", query.from);
    if (query.to) q = q.where("at", "<=", query.to);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy("at", "desc").orderBy("id").limit(query.limit).offset(query.offset).execute(),
      q.select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow(),
    ]);
    const items: AuditEvent[] = rows.map((r) => ({
      id: r.id,
      at: r.at,
      actorId: r.actor_id,
      actorName: r.actor_name,
      action: r.action,
      resourceType: r.resource_type,
      resourceId: r.resource_id,
      workspaceId: r.workspace_id,
      ip: r.ip,
      details: json<Record<string, unknown>>(r.details),
    }));
    return page(items, count.n, query);
  }
}
