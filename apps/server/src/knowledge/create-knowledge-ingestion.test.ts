import type { KnowledgeDocument, KnowledgeDocumentRepository, KnowledgeJobRepository } from "@appstudio/core";
import { describe, expect, it } from "vitest";
import { announcingQueuedDocuments, queueNameFor } from "./create-knowledge-ingestion.js";

describe("announcingQueuedDocuments", () => {
  const document = { id: "file_1" } as KnowledgeDocument;

  /** Repositories as classes, the way storage writes them: methods on the prototype, state on `this`. */
  class Documents {
    created: string[] = [];
    fail = false;
    async create(doc: KnowledgeDocument) {
      if (this.fail) throw new Error("disk full");
      this.created.push(doc.id);
    }
    async find() {
      return undefined;
    }
  }
  class Jobs {
    queued: string[] = [];
    async enqueue(documentId: string) {
      this.queued.push(documentId);
    }
  }

  it("announces a document once it is stored or queued again, never when that failed", async () => {
    const documents = new Documents();
    const jobs = new Jobs();
    const announced: string[] = [];
    const repos = announcingQueuedDocuments(
      { knowledgeDocuments: documents as unknown as KnowledgeDocumentRepository, knowledgeJobs: jobs as unknown as KnowledgeJobRepository },
      (id) => announced.push(id),
    );
    await repos.knowledgeDocuments.create(document, new Uint8Array([1]));
    await repos.knowledgeJobs.enqueue("file_2", "ws-a", "2026-01-01T00:00:00.000Z");
    expect(announced).toEqual(["file_1", "file_2"]);
    // The other methods are the repository's own, bound to its state.
    expect(documents.created).toEqual(["file_1"]);
    expect(jobs.queued).toEqual(["file_2"]);
    expect(await repos.knowledgeDocuments.find("ws-a", "file_1")).toBeUndefined();

    documents.fail = true;
    await expect(repos.knowledgeDocuments.create({ id: "file_3" } as KnowledgeDocument, new Uint8Array([1]))).rejects.toThrow("disk full");
    expect(announced).toEqual(["file_1", "file_2"]);
  });
});

describe("queueNameFor", () => {
  it("names one queue per database, the same whatever credentials a process uses, and never contains them", () => {
    const a = queueNameFor("postgres://app:secret-one@db:5432/appstudio");
    expect(a).toBe(queueNameFor("postgres://other:secret-two@db:5432/appstudio"));
    expect(a).not.toBe(queueNameFor("postgres://app:secret-one@db:5432/staging"));
    expect(a).toMatch(/^appstudio-knowledge-[0-9a-f]{12}$/);
    expect(queueNameFor("sqlite:/srv/data/appstudio.db")).toMatch(/^appstudio-knowledge-[0-9a-f]{12}$/);
  });
});
