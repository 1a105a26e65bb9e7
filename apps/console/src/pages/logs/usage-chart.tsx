import { Group, Text } from "@mantine/core";
import type { CallStatsBucket } from "../../api/types";

export interface SeriesPoint {
  start: number;
  calls: number;
  errors: number;
  tokens: number;
}

const STEP = { hour: 3600_000, day: 86_400_000 } as const;

/** Sums the per-app buckets into one point per time slot, including empty slots. */
export function toSeries(buckets: CallStatsBucket[], from: Date, to: Date, bucket: "hour" | "day", appId?: string): SeriesPoint[] {
  const step = STEP[bucket];
  const slot = (t: number) => Math.floor(t / step) * step;
  const points = new Map<number, SeriesPoint>();
  for (let t = slot(from.getTime()); t <= to.getTime(); t += step) points.set(t, { start: t, calls: 0, errors: 0, tokens: 0 });
  for (const b of buckets) {
    if (appId && b.appId !== appId) continue;
    const key = slot(new Date(b.start).getTime());
    const p = points.get(key) ?? { start: key, calls: 0, errors: 0, tokens: 0 };
    p.calls += b.calls;
    p.errors += b.errors;
    p.tokens += b.inputTokens + b.outputTokens;
    points.set(key, p);
  }
  return [...points.values()].sort((a, b) => a.start - b.start);
}

function niceMax(n: number): number {
  if (n <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((v) => v >= n) ?? n;
}

const W = 760;
const H = 240;
const PAD = { left: 44, right: 56, top: 12, bottom: 28 };

/** Calls (bars), errors (red part of each bar) and tokens (line, right axis) over time, in plain SVG. */
export function UsageChart({ series, bucket }: { series: SeriesPoint[]; bucket: "hour" | "day" }) {
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const maxCalls = niceMax(Math.max(0, ...series.map((p) => p.calls)));
  const maxTokens = niceMax(Math.max(0, ...series.map((p) => p.tokens)));
  const slotW = innerW / Math.max(series.length, 1);
  const barW = Math.max(1, Math.min(28, slotW * 0.7));
  const x = (i: number) => PAD.left + i * slotW + slotW / 2;
  const yCalls = (v: number) => PAD.top + innerH - (v / maxCalls) * innerH;
  const yTokens = (v: number) => PAD.top + innerH - (v / maxTokens) * innerH;
  const label = (t: number) => {
    const d = new Date(t);
    return bucket === "hour" ? `${String(d.getHours()).padStart(2, "0")}:00` : `${d.getMonth() + 1}/${d.getDate()}`;
  };
  const every = Math.max(1, Math.ceil(series.length / 8));
  const totals = series.reduce((acc, p) => ({ calls: acc.calls + p.calls, errors: acc.errors + p.errors, tokens: acc.tokens + p.tokens }), {
    calls: 0,
    errors: 0,
    tokens: 0,
  });
  const line = series.map((p, i) => `${i === 0 ? "M" : "L"}${x(i).toFixed(1)},${yTokens(p.tokens).toFixed(1)}`).join(" ");

  return (
    <div data-testid="usage-chart">
      <Group gap="md" mb={4}>
        <Legend color="var(--mantine-color-indigo-5)" text={`Calls (${totals.calls})`} />
        <Legend color="var(--mantine-color-red-6)" text={`Errors (${totals.errors})`} />
        <Legend color="var(--mantine-color-teal-6)" text={`Tokens (${totals.tokens})`} line />
      </Group>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label={`Usage per ${bucket}: ${totals.calls} calls, ${totals.errors} errors, ${totals.tokens} tokens`}
        style={{ maxHeight: 280 }}
      >
        <title>Calls, errors and tokens per {bucket}</title>
        {[0, 0.25, 0.5, 0.75, 1].map((f) => {
          const y = PAD.top + innerH - f * innerH;
          return (
            <g key={f}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} stroke="var(--mantine-color-default-border)" strokeDasharray={f === 0 ? undefined : "3 3"} />
              {Number.isInteger(maxCalls * f) ? (
                <text x={PAD.left - 6} y={y + 4} fontSize="10" textAnchor="end" fill="var(--mantine-color-dimmed)">
                  {maxCalls * f}
                </text>
              ) : null}
              {Number.isInteger(maxTokens * f) ? (
                <text x={W - PAD.right + 6} y={y + 4} fontSize="10" fill="var(--mantine-color-teal-7)">
                  {maxTokens * f}
                </text>
              ) : null}
            </g>
          );
        })}
        {series.map((p, i) => (
          <g key={p.start}>
            <rect x={x(i) - barW / 2} y={yCalls(p.calls)} width={barW} height={PAD.top + innerH - yCalls(p.calls)} fill="var(--mantine-color-indigo-5)">
              <title>{`${new Date(p.start).toLocaleString()}: ${p.calls} calls, ${p.errors} errors, ${p.tokens} tokens`}</title>
            </rect>
            {p.errors > 0 ? (
              <rect x={x(i) - barW / 2} y={yCalls(p.errors)} width={barW} height={PAD.top + innerH - yCalls(p.errors)} fill="var(--mantine-color-red-6)" />
            ) : null}
            {i % every === 0 ? (
              <text x={x(i)} y={H - 8} fontSize="10" textAnchor="middle" fill="var(--mantine-color-dimmed)">
                {label(p.start)}
              </text>
            ) : null}
          </g>
        ))}
        {series.length > 0 ? <path d={line} fill="none" stroke="var(--mantine-color-teal-6)" strokeWidth={2} /> : null}
      </svg>
    </div>
  );
}

function Legend({ color, text, line }: { color: string; text: string; line?: boolean }) {
  return (
    <Group gap={6}>
      <svg width="14" height="10" aria-hidden="true">
        {line ? <line x1="0" x2="14" y1="5" y2="5" stroke={color} strokeWidth="2" /> : <rect width="14" height="10" fill={color} />}
      </svg>
      <Text size="xs">{text}</Text>
    </Group>
  );
}
