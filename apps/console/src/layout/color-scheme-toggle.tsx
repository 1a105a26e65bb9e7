import { ActionIcon, Tooltip, useComputedColorScheme, useMantineColorScheme } from "@mantine/core";
import { MoonIcon, SunIcon } from "../components/icons";

/**
 * Light or dark. Until the user picks one the console follows the system preference ("auto");
 * the choice is stored by Mantine's color scheme manager (see main.tsx), so it survives reloads.
 */
export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const shown = useComputedColorScheme("light");
  const next = shown === "dark" ? "light" : "dark";
  const label = `Switch to ${next} mode`;
  return (
    <Tooltip label={label} withArrow position="left">
      <ActionIcon variant="subtle" size="lg" aria-label={label} data-testid="color-scheme-toggle" data-scheme={shown} onClick={() => setColorScheme(next)}>
        {shown === "dark" ? <SunIcon /> : <MoonIcon />}
      </ActionIcon>
    </Tooltip>
  );
}
