import type { Member, MemberRepository, MemberRole } from "@appstudio/core";
import type { Kysely } from "kysely";
import type { Database } from "../schema.js";

export class KyselyMemberRepository implements MemberRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(m: { workspaceId: string; userId: string; role: MemberRole; createdAt: string }) {
    await this.db
      .insertInto("workspace_members")
      .values({ workspace_id: m.workspaceId, user_id: m.userId, role: m.role, created_at: m.createdAt })
      .onConflict((oc) => oc.columns(["workspace_id", "user_id"]).doUpdateSet({ role: m.role }))
      .execute();
  }

  private selectMembers() {
    return this.db
      .selectFrom("workspace_members as m")
      .innerJoin("users as u", "u.id", "m.user_id")
      .select(["m.workspace_id", "m.user_id", "m.role", "m.created_at", "u.login_name", "u.display_name"]);
  }

  private static toMember(row: { workspace_id: string; user_id: string; role: string; created_at: string; login_name: string; display_name: string }): Member {
    return {
      workspaceId: row.workspace_id,
      userId: row.user_id,
      role: row.role as MemberRole,
      createdAt: row.created_at,
      loginName: row.login_name,
      displayName: row.display_name,
    };
  }

  async find(workspaceId: string, userId: string) {
    const row = await this.selectMembers().where("m.workspace_id", "=", workspaceId).where("m.user_id", "=", userId).executeTakeFirst();
    return row && KyselyMemberRepository.toMember(row);
  }

  async listForWorkspace(workspaceId: string) {
    const rows = await this.selectMembers().where("m.workspace_id", "=", workspaceId).orderBy("u.login_name").execute();
    return rows.map(KyselyMemberRepository.toMember);
  }

  async rolesForUser(userId: string) {
    const rows = await this.db.selectFrom("workspace_members").select(["workspace_id", "role"]).where("user_id", "=", userId).execute();
    return new Map(rows.map((r) => [r.workspace_id, r.role as MemberRole]));
  }

  async delete(workspaceId: string, userId: string) {
    await this.db.deleteFrom("workspace_members").where("workspace_id", "=", workspaceId).where("user_id", "=", userId).execute();
  }

  async deleteForUser(userId: string) {
    await this.db.deleteFrom("workspace_members").where("user_id", "=", userId).execute();
  }
}
