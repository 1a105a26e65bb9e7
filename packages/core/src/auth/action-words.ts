import type { Action } from "./permissions.js";

/**
 * Each action in words, for messages people read ("Changing apps requires …"). The action codes
 * (`app.write`) stay machine-readable in error details and whoami; people never see them.
 */
export const actionWords: Record<Action, string> = {
  "account.read-self": "Reading your own account",
  "account.change-own-password": "Changing your own password",
  "token.manage-own": "Managing your own access tokens",
  "accesskey.manage-own": "Managing your own AccessKeys",
  "accesskey.manage": "Managing other users' AccessKeys",
  "user.list": "Listing users",
  "user.read": "Viewing users",
  "user.create": "Creating users",
  "user.update": "Changing users",
  "user.delete": "Deleting users",
  "user.set-policies": "Granting policies",
  "workspace.list-all": "Listing all workspaces",
  "workspace.read": "Viewing a workspace",
  "workspace.create": "Creating workspaces",
  "workspace.rename": "Renaming a workspace",
  "workspace.delete": "Deleting workspaces",
  "member.list": "Viewing members",
  "member.manage": "Managing members",
  "app.read": "Viewing apps",
  "app.write": "Creating and changing apps",
  "app.publish": "Publishing apps",
  "app.delete": "Deleting apps",
  "app.run": "Running apps in the console",
  "knowledge.read": "Viewing knowledge bases",
  "knowledge.write": "Changing knowledge bases",
  "apikey.read": "Viewing API keys",
  "apikey.manage": "Managing API keys",
  "apikey.manage-region": "Managing region-scope API keys",
  "audit.read": "Reading the audit log",
  "calllog.read": "Reading the call log",
  "provider.read": "Viewing model providers",
  "provider.manage": "Managing model providers",
  "memory.read": "Viewing memory",
  "memory.write": "Changing memory",
  "mcp.read": "Viewing MCP services",
  "mcp.manage": "Managing MCP services",
};
