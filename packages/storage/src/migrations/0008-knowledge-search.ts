import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

/**
 * Search structures over knowledge_chunks, kept in sync by triggers so no writer can forget them:
 *
 * - `knowledge_chunk_search`: one row per chunk with the columns every search filters on
 *   (workspace, knowledge base, document, enabled), so a search never touches the chunk rows of
 *   what it will not return. On PostgreSQL it also holds the tsvector (GIN-indexed); on SQLite
 *   its integer key is the rowid of the chunk in the FTS5 table `knowledge_chunks_fts`.
 * - `knowledge_chunk_vectors`: one float32 vector per chunk and embedding model (written by
 *   ingestion), with the same filter columns. A chunk whose text is edited loses its vector.
 *   On SQLite, a vec0 table per vector length (`knowledge_vectors_<dims>`, made on first use by
 *   `SqliteVecIndex`) mirrors it for fast brute-force search.
 * - `knowledge_vector_versions`: a counter per knowledge base bumped by every vector write,
 *   which orders the writes (see the exact vector index).
 *
 * Text is indexed through `appstudio_search_text` (CJK runs as character bigrams), a function
 * the SQLite connection registers (`openDatabase`) and PostgreSQL gets in SQL below; both
 * follow `searchText` in core.
 */
export const knowledgeSearch: Migration = {
  async up(db: Kysely<any>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await (postgres ? postgresFullText(db) : sqliteFullText(db));

    let vectors = db.schema.createTable("knowledge_chunk_vectors");
    // SQLite: a stable integer key, the rowid of the vector in sqlite-vec's vec0 index.
    if (!postgres) vectors = vectors.addColumn("vector_key", "integer", (c) => c.primaryKey());
    await vectors
      .addColumn("chunk_id", "text", (c) => {
        const column = c.notNull().references("knowledge_chunks.id").onDelete("cascade");
        return postgres ? column.primaryKey() : column.unique();
      })
      .addColumn("document_id", "text", (c) => c.notNull())
      .addColumn("knowledge_base_id", "text", (c) => c.notNull())
      .addColumn("workspace_id", "text", (c) => c.notNull())
      .addColumn("model", "text", (c) => c.notNull())
      .addColumn("dims", "integer", (c) => c.notNull())
      .addColumn("enabled", "integer", (c) => c.notNull())
      .addColumn("version", "bigint", (c) => c.notNull())
      .addColumn("embedding", sql.raw(postgres ? "bytea" : "blob"), (c) => c.notNull())
      .execute();
    await db.schema.createIndex("knowledge_chunk_vectors_kb").on("knowledge_chunk_vectors").columns(["knowledge_base_id", "model", "version"]).execute();

    await db.schema
      .createTable("knowledge_vector_versions")
      .addColumn("knowledge_base_id", "text", (c) => c.primaryKey().references("knowledge_bases.id").onDelete("cascade"))
      .addColumn("version", "bigint", (c) => c.notNull())
      .execute();

    if (postgres) {
      await postgresTriggers(db);
      await tryPgvector(db);
    } else {
      await sqliteTriggers(db);
    }
  },
};

async function sqliteFullText(db: Kysely<any>) {
  // An INTEGER PRIMARY KEY never changes (a plain table's rowid may, on VACUUM), so it can be
  // the FTS row's key.
  await sql`create table knowledge_chunk_search (
    search_key integer primary key,
    chunk_id text not null unique references knowledge_chunks(id) on delete cascade,
    document_id text not null,
    knowledge_base_id text not null,
    workspace_id text not null,
    enabled integer not null
  )`.execute(db);
  // Contentless: the chunk text is stored once, in knowledge_chunks. Porter stems English words;
  // CJK bigrams pass through it unchanged.
  await sql`create virtual table knowledge_chunks_fts using fts5(
    terms, content='', contentless_delete=1, tokenize='porter unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`insert into knowledge_chunk_search (chunk_id, document_id, knowledge_base_id, workspace_id, enabled)
    select id, document_id, knowledge_base_id, workspace_id, enabled from knowledge_chunks`.execute(db);
  await sql`insert into knowledge_chunks_fts (rowid, terms)
    select s.search_key, appstudio_search_text(c.text) from knowledge_chunk_search s join knowledge_chunks c on c.id = s.chunk_id`.execute(db);
}

async function sqliteTriggers(db: Kysely<any>) {
  await sql`create trigger knowledge_chunks_search_insert after insert on knowledge_chunks begin
    insert into knowledge_chunk_search (chunk_id, document_id, knowledge_base_id, workspace_id, enabled)
      values (new.id, new.document_id, new.knowledge_base_id, new.workspace_id, new.enabled);
    insert into knowledge_chunks_fts (rowid, terms) values (last_insert_rowid(), appstudio_search_text(new.text));
  end`.execute(db);
  await sql`create trigger knowledge_chunks_search_text after update of text on knowledge_chunks when new.text is not old.text begin
    delete from knowledge_chunks_fts where rowid = (select search_key from knowledge_chunk_search where chunk_id = new.id);
    insert into knowledge_chunks_fts (rowid, terms) select search_key, appstudio_search_text(new.text) from knowledge_chunk_search where chunk_id = new.id;
    delete from knowledge_chunk_vectors where chunk_id = new.id;
  end`.execute(db);
  await sql`create trigger knowledge_chunks_search_enabled after update of enabled on knowledge_chunks when new.enabled is not old.enabled begin
    update knowledge_chunk_search set enabled = new.enabled where chunk_id = new.id;
    update knowledge_chunk_vectors set enabled = new.enabled where chunk_id = new.id;
  end`.execute(db);
  // Chunk deletes (also cascaded from documents and knowledge bases) cascade to knowledge_chunk_search.
  await sql`create trigger knowledge_chunk_search_delete after delete on knowledge_chunk_search begin
    delete from knowledge_chunks_fts where rowid = old.search_key;
  end`.execute(db);
}

/** Core's `CJK_CLASS`, frozen here as released (a test checks the two still agree). */
const CJK_CLASS = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff";

/** The SQL twin of core's `searchText`: CJK runs become their character bigrams. */
const postgresSearchTextFunction = `
create or replace function appstudio_search_text(t text) returns text
language sql immutable parallel safe as $$
  select coalesce(string_agg(
    case when m[1] ~ '^[${CJK_CLASS}]' and length(m[1]) > 1 then
      (select string_agg(substr(m[1], i, 2), ' ' order by i) from generate_series(1, length(m[1]) - 1) as i)
    else m[1] end, ' ' order by n), '')
  from regexp_matches(t, '[${CJK_CLASS}]+|[^${CJK_CLASS}]+', 'g') with ordinality as r(m, n)
$$`;

async function postgresFullText(db: Kysely<any>) {
  await sql.raw(postgresSearchTextFunction).execute(db);
  // `english`: stems and drops stopwords; ts_rank has no inverse document frequency, so words
  // like "the" would otherwise weigh as much as the words that matter. CJK bigrams pass unchanged.
  await sql`create table knowledge_chunk_search (
    chunk_id text primary key references knowledge_chunks(id) on delete cascade,
    document_id text not null,
    knowledge_base_id text not null,
    workspace_id text not null,
    enabled integer not null,
    terms tsvector not null
  )`.execute(db);
  await sql`insert into knowledge_chunk_search
    select id, document_id, knowledge_base_id, workspace_id, enabled, to_tsvector('english', appstudio_search_text(text)) from knowledge_chunks`.execute(db);
  await sql`create index knowledge_chunk_search_terms on knowledge_chunk_search using gin (terms)`.execute(db);
  await sql`create index knowledge_chunk_search_kb on knowledge_chunk_search (knowledge_base_id)`.execute(db);
}

async function postgresTriggers(db: Kysely<any>) {
  await sql`create function knowledge_chunks_search_sync() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      insert into knowledge_chunk_search values
        (new.id, new.document_id, new.knowledge_base_id, new.workspace_id, new.enabled, to_tsvector('english', appstudio_search_text(new.text)));
      return null;
    end if;
    if new.text is distinct from old.text then
      update knowledge_chunk_search set terms = to_tsvector('english', appstudio_search_text(new.text)) where chunk_id = new.id;
      delete from knowledge_chunk_vectors where chunk_id = new.id;
    end if;
    if new.enabled is distinct from old.enabled then
      update knowledge_chunk_search set enabled = new.enabled where chunk_id = new.id;
      update knowledge_chunk_vectors set enabled = new.enabled where chunk_id = new.id;
    end if;
    return null;
  end $$`.execute(db);
  await sql`create trigger knowledge_chunks_search_sync after insert or update of text, enabled on knowledge_chunks
    for each row execute function knowledge_chunks_search_sync()`.execute(db);
}

/**
 * pgvector, where the server has it: a `vector` copy of each embedding, searched with its C
 * distance operator. Without it, search is exact in the server process (see the exact vector
 * index). A failing `create extension` (no privilege) must not abort the migration's
 * transaction, hence the savepoint.
 */
async function tryPgvector(db: Kysely<any>) {
  const available = await sql`select 1 from pg_available_extensions where name = 'vector'`.execute(db);
  if (available.rows.length === 0) return;
  await sql`savepoint pgvector`.execute(db);
  try {
    await sql`create extension if not exists vector`.execute(db);
    await sql`alter table knowledge_chunk_vectors add column embedding_pgv vector`.execute(db);
    await sql`release savepoint pgvector`.execute(db);
  } catch {
    await sql`rollback to savepoint pgvector`.execute(db);
  }
}
