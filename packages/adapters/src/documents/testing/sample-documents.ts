import { createDeflateRaw } from "node:zlib";
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import { PDFDocument, type PDFFont, StandardFonts } from "pdf-lib";

/**
 * Real documents made on the fly, for tests of parsing, ingestion, the upload API and the
 * console (no binary fixtures in the repository). pdf-lib and docx are devDependencies.
 */

const PAGE = { width: 612, height: 792, margin: 72 };

/**
 * A PDF with a text layer: one array of paragraphs per page. A paragraph starting with "# " is
 * drawn as a heading (larger type). Text is wrapped to the page; Helvetica covers Latin-1 only,
 * so use Latin text. Throws if a page's text does not fit on it.
 */
export async function makePdf(pages: string[][], options: { title?: string } = {}): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  if (options.title) pdf.setTitle(options.title);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  pages.forEach((paragraphs, index) => {
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    let y = PAGE.height - PAGE.margin;
    for (const paragraph of paragraphs) {
      const heading = paragraph.startsWith("# ");
      const size = heading ? 20 : 11;
      const face = heading ? bold : font;
      for (const line of wrap(heading ? paragraph.slice(2) : paragraph, face, size, PAGE.width - 2 * PAGE.margin)) {
        y -= size * 1.25;
        if (y < PAGE.margin) throw new Error(`makePdf: the text of page ${index + 1} does not fit on one page`);
        page.drawText(line, { x: PAGE.margin, y, size, font: face });
      }
      y -= size * 0.9; // paragraph gap
    }
  });
  return pdf.save();
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** A PDF whose pages have only drawings and no text, as a scan without OCR reads. */
export async function makeTextlessPdf(pageCount = 1): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pageCount; i++) {
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    page.drawRectangle({ x: 100, y: 300, width: 300, height: 200, borderWidth: 3 });
    page.drawCircle({ x: 300, y: 600, size: 50 });
  }
  return pdf.save();
}

/**
 * A PDF that needs a password to open: a standard security handler whose user-password check
 * ("/U") no empty password passes. pdf-lib cannot encrypt, so the file is written by hand.
 */
export function makePasswordProtectedPdf(): Uint8Array {
  const content = "BT /F1 12 Tf 72 712 Td (Secret text) Tj ET";
  const hex = `<${"ab".repeat(32)}>`;
  return rawPdf(
    [
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
      `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      `<< /Filter /Standard /V 1 /R 2 /O ${hex} /U ${hex} /P -4 >>`,
    ],
    "/Encrypt 6 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
  );
}

/** A PDF cut short: the first `fraction` of a valid one (its cross-reference table is gone). */
export async function makeTruncatedPdf(fraction = 0.5): Promise<Uint8Array> {
  const whole = await makePdf([["This document was cut short."], ["Its second page."]]);
  return whole.slice(0, Math.floor(whole.length * fraction));
}

function rawPdf(objects: string[], trailer: string): Uint8Array {
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** What a sample DOCX holds, in order. */
export type SampleDocxBlock = string | { heading: string; level?: 1 | 2 | 3 } | { list: string[]; ordered?: boolean } | { table: string[][] };

/** A DOCX written by the `docx` package: headings in Word's heading styles, lists, tables. */
export async function makeDocx(blocks: SampleDocxBlock[]): Promise<Uint8Array> {
  const headingLevels = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3];
  const children = blocks.flatMap((block): (Paragraph | Table)[] => {
    if (typeof block === "string") return [new Paragraph({ children: [new TextRun(block)] })];
    if ("heading" in block) return [new Paragraph({ text: block.heading, heading: headingLevels[(block.level ?? 1) - 1] ?? HeadingLevel.HEADING_1 })];
    if ("list" in block) {
      return block.list.map((item) =>
        block.ordered ? new Paragraph({ text: item, numbering: { reference: "numbers", level: 0 } }) : new Paragraph({ text: item, bullet: { level: 0 } }),
      );
    }
    return [
      new Table({
        width: { size: 100, type: WidthType.PERCENTAGE },
        rows: block.table.map((row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) })),
      }),
    ];
  });
  const numbering = {
    config: [{ reference: "numbers", levels: [{ level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START }] }],
  };
  return new Uint8Array(await Packer.toBuffer(new Document({ numbering, sections: [{ children }] })));
}

/**
 * A DOCX-shaped zip whose word/document.xml inflates from about 100 KiB to `inflatedBytes` of
 * zeros (default 101 MiB, just over the parser's default limit). With `lieAboutSize` the
 * central directory declares a small size, as crafted bombs do to slip past a size check.
 */
export async function makeDocxZipBomb(options: { inflatedBytes?: number; lieAboutSize?: boolean } = {}): Promise<Uint8Array> {
  const inflatedBytes = options.inflatedBytes ?? 101 * 1024 * 1024;
  const contentTypes = new TextEncoder().encode('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  const bomb = await deflateZeros(inflatedBytes);
  return zip([
    { name: "[Content_Types].xml", data: contentTypes, method: 0, size: contentTypes.length },
    { name: "word/document.xml", data: bomb, method: 8, size: options.lieAboutSize ? 1024 : inflatedBytes },
  ]);
}

async function deflateZeros(bytes: number): Promise<Uint8Array> {
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on("data", (part: Buffer) => parts.push(part));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  const zeros = Buffer.alloc(1024 * 1024);
  for (let left = bytes; left > 0; left -= zeros.length) deflate.write(zeros.subarray(0, Math.min(left, zeros.length)));
  deflate.end();
  await done;
  return Buffer.concat(parts);
}

interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  /** The uncompressed size to declare. */
  size: number;
}

/** A minimal zip (no CRCs: the readers used here do not check them). */
function zip(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(entry.data));
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}
