import { Code, Group, type MantineSize } from "@mantine/core";
import { Fragment } from "react";
import { CopyIconButton, CopyTextButton } from "./copy-button";

interface IdValueProps {
  /** An ID, key prefix or URL: shown whole on one line, never broken in the middle. */
  value: string;
  /** Accessible name of the copy button ("Copy App ID"); no button without it. */
  copyLabel?: string;
  testId?: string;
  copyTestId?: string;
  /** `button`: a labelled "Copy" button, for dialogs where copying is the point. */
  copy?: "icon" | "button";
  fz?: MantineSize;
  /**
   * For URLs: may wrap, but only before the `:port` or a `/` of the path, so host, port and
   * segments each stay whole (`http://ws-….localhost` / `:18200` / `/api/v1`). Plain IDs never wrap.
   */
  url?: boolean;
}

/** The URL's parts that must stay whole: scheme and host, the `:port`, then each path segment with its `/`. */
export function urlParts(value: string): string[] {
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/:]+)(:\d+)?(\/.*)?$/i.exec(value);
  if (!match) return [value];
  const [, host, port, path] = match;
  return [host ?? value, ...(port ? [port] : []), ...(path ? path.split(/(?=\/)/) : [])];
}

/**
 * The one way the console shows an identifier or URL. It never wraps (a Workspace ID split as
 * `ws-` / `abc…` or a port as `182|00` gets copied wrong by hand); when space runs out the value
 * scrolls sideways inside its box, and the copy button next to it never shrinks out of view.
 */
export function IdValue({ value, copyLabel, testId, copyTestId, copy = "icon", fz, url = false }: IdValueProps) {
  return (
    <Group gap={4} wrap="nowrap" miw={0} maw="100%" data-id-value>
      <Code
        data-testid={testId}
        fz={fz}
        title={value}
        style={{
          whiteSpace: url ? "normal" : "nowrap",
          overflowWrap: "normal",
          overflowX: "auto",
          minWidth: 0,
          scrollbarWidth: "thin",
          display: "inline-block",
          verticalAlign: "middle",
        }}
      >
        {url
          ? urlParts(value).map((part, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
              <Fragment key={i}>
                {i > 0 ? <wbr /> : null}
                <span style={{ whiteSpace: "nowrap" }} data-url-part>
                  {part}
                </span>
              </Fragment>
            ))
          : value}
      </Code>
      {copyLabel ? (
        <span style={{ flexShrink: 0 }}>
          {copy === "button" ? (
            <CopyTextButton value={value} label={copyLabel} testId={copyTestId} size={fz === "md" ? "sm" : "xs"} />
          ) : (
            <CopyIconButton value={value} label={copyLabel} testId={copyTestId} />
          )}
        </span>
      ) : null}
    </Group>
  );
}
