import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { type FormEvent, useState } from "react";
import { signIn, whoamiQuery } from "../api/account-api";
import { isApiError } from "../api/client";
import { errorMessage } from "../components/query-state";

function signInError(error: unknown): { title: string; text: string } {
  if (isApiError(error, "InvalidCredentials")) return { title: "Wrong login name or password", text: "Check both and try again." };
  if (isApiError(error, "AccountDisabled")) return { title: "This account is disabled", text: "Ask an administrator of this appstudio to enable it." };
  if (isApiError(error, "Throttling"))
    return { title: "Too many failed attempts", text: "Sign-in is paused for this login name for a while. Try again later." };
  return { title: "Could not sign in", text: errorMessage(error) };
}

export function SignInPage() {
  const search = useSearch({ from: "/sign-in" });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [loginName, setLoginName] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const me = await signIn(loginName.trim(), password);
      queryClient.clear();
      queryClient.setQueryData(whoamiQuery.queryKey, me);
      const target = search.redirect && search.redirect.startsWith("/") && !search.redirect.startsWith("//") ? search.redirect : "/";
      await navigate({ to: target });
    } catch (err) {
      setError(err);
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  const problem = error ? signInError(error) : undefined;
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-light)">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={400} radius="md">
        <form onSubmit={(e) => void submit(e)} aria-label="Sign in" data-testid="sign-in-form">
          <Stack>
            <Stack gap={4}>
              <Title order={1} size="h2">
                appstudio
              </Title>
              <Text c="dimmed" size="sm">
                Sign in to the console with your login name.
              </Text>
            </Stack>
            {search.expired && !problem ? (
              <Alert color="yellow" title="Your session has ended" data-testid="session-expired">
                Sign in again to continue.
              </Alert>
            ) : null}
            {problem ? (
              <Alert color="red" title={problem.title} role="alert" data-testid="sign-in-error">
                {problem.text}
              </Alert>
            ) : null}
            <TextInput
              label="Login name"
              name="loginName"
              autoComplete="username"
              required
              autoFocus
              value={loginName}
              onChange={(e) => setLoginName(e.currentTarget.value)}
              data-testid="login-name"
            />
            <PasswordInput
              label="Password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              data-testid="password"
            />
            <Button type="submit" loading={busy} fullWidth data-testid="sign-in-submit">
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
