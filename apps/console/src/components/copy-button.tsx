import { ActionIcon, Button, Tooltip } from "@mantine/core";
import { useState } from "react";
import { CheckIcon, CopyIcon } from "./icons";

/** Writes to the clipboard; falls back to a hidden textarea where the async API is unavailable. */
async function copyText(value: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(value);
    return;
  }
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  document.execCommand("copy");
  area.remove();
}

function useCopy(value: string) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await copyText(value);
    setCopied(true);
    window.setTimeout(() => setCopied(false), 1500);
  };
  return { copied, copy };
}

interface CopyButtonProps {
  value: string;
  /** What is copied, for the accessible name: "Copy App ID". */
  label: string;
  testId?: string;
  size?: "xs" | "sm" | "md";
}

/** Small icon button that copies a value and says so. */
export function CopyIconButton({ value, label, testId, size = "sm" }: CopyButtonProps) {
  const { copied, copy } = useCopy(value);
  return (
    <Tooltip label={copied ? "Copied" : label} withArrow>
      <ActionIcon
        variant="subtle"
        color={copied ? "teal" : "gray"}
        size={size}
        aria-label={label}
        data-testid={testId}
        data-copied={copied || undefined}
        onClick={(e) => {
          e.stopPropagation();
          void copy();
        }}
      >
        {copied ? <CheckIcon size={14} /> : <CopyIcon size={14} />}
      </ActionIcon>
    </Tooltip>
  );
}

/** Labelled button variant, for dialogs where copying is the main action. */
export function CopyTextButton({ value, label, testId, size = "xs" }: CopyButtonProps) {
  const { copied, copy } = useCopy(value);
  return (
    <Button
      size={size}
      variant={copied ? "light" : "default"}
      color={copied ? "teal" : undefined}
      leftSection={copied ? <CheckIcon size={14} /> : <CopyIcon size={14} />}
      aria-label={label}
      data-testid={testId}
      onClick={() => void copy()}
    >
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}
