import { describe, expect, it } from "vitest";
import { createDocumentParser } from "./document-parser.js";
import { makeDocx, makeDocxZipBomb } from "./testing/sample-documents.js";

describe("DOCX parsing", () => {
  const parser = createDocumentParser();

  it("reads headings, paragraphs, lists and tables in order", async () => {
    const docx = await makeDocx([
      { heading: "Employee handbook" },
      "Welcome to the company.",
      { heading: "Leave", level: 2 },
      { list: ["Annual leave: 25 days", "Sick leave: as needed"] },
      { list: ["Ask your manager", "Record it in the portal"], ordered: true },
      {
        table: [
          ["Grade", "Days"],
          ["Junior", "25"],
          ["Senior", "30"],
        ],
      },
      "员工手册的中文段落。第二句！",
    ]);
    const parsed = await parser.parse(docx, "docx", {});
    expect(parsed).toEqual({
      pageCount: null,
      blocks: [
        { kind: "heading", level: 1, text: "Employee handbook" },
        { kind: "paragraph", text: "Welcome to the company." },
        { kind: "heading", level: 2, text: "Leave" },
        { kind: "list", text: "- Annual leave: 25 days\n- Sick leave: as needed" },
        { kind: "list", text: "1. Ask your manager\n2. Record it in the portal" },
        { kind: "table", text: "| Grade | Days |\n| --- | --- |\n| Junior | 25 |\n| Senior | 30 |" },
        { kind: "paragraph", text: "员工手册的中文段落。第二句！" },
      ],
    });
  });

  it("refuses a zip bomb whose directory declares more than the limit", async () => {
    await expect(parser.parse(await makeDocxZipBomb(), "docx", {})).rejects.toMatchObject({
      code: "InvalidParameter",
      message: "The DOCX expands to more than 100 MiB (it may be a zip bomb)",
    });
  });

  it("refuses a zip bomb that declares a small size and inflates to much more", async () => {
    const bomb = await makeDocxZipBomb({ inflatedBytes: 8 * 1024 * 1024, lieAboutSize: true });
    await expect(parser.parse(bomb, "docx", {})).rejects.toMatchObject({
      code: "InvalidParameter",
      message: "The DOCX expands to more than its zip directory declares (it may be a zip bomb)",
    });
  });

  it("refuses a part compressed beyond what real documents reach", async () => {
    await expect(parser.parse(await makeDocxZipBomb({ inflatedBytes: 8 * 1024 * 1024 }), "docx", {})).rejects.toMatchObject({
      message: "The DOCX has a part that expands more than 500 times (it may be a zip bomb)",
    });
  });

  it("refuses parts that inflate past a configured limit", async () => {
    const small = createDocumentParser({ maxDocxUncompressedBytes: 1024 * 1024 });
    await expect(small.parse(await makeDocxZipBomb({ inflatedBytes: 2 * 1024 * 1024 }), "docx", {})).rejects.toMatchObject({
      message: "The DOCX expands to more than 1 MiB (it may be a zip bomb)",
    });
  });

  it("refuses files that are not a DOCX", async () => {
    await expect(parser.parse(new TextEncoder().encode("not a zip at all"), "docx", {})).rejects.toMatchObject({
      message: "The file is not a valid DOCX (it is not a readable zip archive)",
    });
    const docx = await makeDocx(["Some text."]);
    await expect(parser.parse(docx.slice(0, docx.length - 200), "docx", {})).rejects.toMatchObject({ code: "InvalidParameter" });
    const compoundFile = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expect(parser.parse(compoundFile, "docx", {})).rejects.toMatchObject({
      message: "The DOCX is password-protected, or is an old Word (.doc) file; save it as an unprotected .docx",
    });
  });
});
