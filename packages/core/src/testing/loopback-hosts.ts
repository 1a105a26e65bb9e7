/**
 * Every spelling of this machine's own address a URL host can take: dotted, legacy numeric IPv4
 * forms, trailing dots, IPv6 loopback and unspecified, and IPv4-mapped IPv6 in
 * dotted, hex, expanded and uppercase forms. Tests of the outbound policy aim at these only:
 * if one slipped through, the connection would land on this machine, never anywhere else.
 */
export const LOOPBACK_URL_HOSTS: readonly string[] = [
  "127.0.0.1",
  "127.0.0.1.",
  "127.1",
  "127.000.000.001",
  "2130706433",
  "0x7f.1",
  "0x7F000001",
  "017700000001",
  "0177.0.0.1",
  "0",
  "0.0.0.0",
  "localhost",
  "LOCALHOST",
  "[::1]",
  "[::]",
  "[0:0:0:0:0:0:0:1]",
  "[::ffff:127.0.0.1]",
  "[::ffff:7f00:1]",
  "[::FFFF:7F00:0001]",
  "[0:0:0:0:0:ffff:7f00:1]",
  "[0000:0000:0000:0000:0000:FFFF:127.0.0.1]",
  "[::ffff:0.0.0.0]",
  "[::ffff:0:0]",
];
// Not here: IPv4-compatible `[::127.0.0.1]` (the URL parser makes it `[::7f00:1]`) is routed as
// IPv6, off this machine, so it is covered by the classifier's unit tests only.
