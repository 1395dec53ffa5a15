// Generates test/fixtures/source: certificates embedded in source code, one
// file per form, in the style of the projects that carry them (ESP-IDF and
// Arduino WiFiClientSecure sketches, AWS IoT and Azure IoT SDK headers,
// Go/Python/Rust/Java/Kotlin/C#/Swift/JS/TS test files).
// Built from the committed certificates of test/fixtures/certs (fixed dates),
// so the fixtures never rot; rerun with `npm run fixtures -- source`.
// The expected ranges live in test/unit/core/source/fixtures.test.ts.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const certs = join(root, 'test', 'fixtures', 'certs');
const out = join(root, 'test', 'fixtures', 'source');

const pemLines = (f) => readFileSync(join(certs, f), 'utf8').trim().split('\n');
const ROOT = pemLines('root.pem');
const INT = pemLines('int.pem');
const LEAF_DER = new Uint8Array(readFileSync(join(certs, 'healthy.der')));
const ROOT_DER = Buffer.from(ROOT.slice(1, -1).join(''), 'base64');

/** `xxd -i` layout: 12 bytes a line, two-space indent. */
function xxd(bytes, indent = '  ') {
  const rows = [];
  for (let i = 0; i < bytes.length; i += 12) {
    rows.push(indent + [...bytes.subarray(i, i + 12)].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', '));
  }
  return rows.join(',\n');
}
const escaped = (bytes) => [...bytes].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
/** Python's repr of bytes: printable ASCII as is, the rest as \xNN. */
function pyRepr(bytes) {
  let s = '';
  for (const b of bytes) {
    if (b === 0x5c) s += '\\\\';
    else if (b === 0x27) s += "\\'";
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return s;
}
const chunks = (s, n) => s.match(new RegExp(`.{1,${n}}`, 'g'));

const files = {
  // Arduino-ESP32 WiFiClientSecure example: adjacent literals joined by backslash continuations.
  'esp32-wifi-client-secure.ino': `#include <WiFiClientSecure.h>

const char* ssid     = "your-ssid";
const char* password = "your-password";

const char* server = "www.example.test";

const char* test_root_ca= \\
${ROOT.map((l) => `     "${l}\\n"`).join(' \\\n')};

WiFiClientSecure client;

void setup() {
  Serial.begin(115200);
  client.setCACert(test_root_ca);
}

void loop() {}
`,
  // One literal whose lines end in \\n\\ (the form that gave "truncated" before).
  'arduino-continued-literal.ino': `#include <ESP8266WiFi.h>

// Root CA of the MQTT broker
static const char ca_cert[] PROGMEM = "${ROOT.join('\\n\\\n')}\\n";

void setup() {}
void loop() {}
`,
  // AWS IoT Arduino examples (secrets.h): C++ raw strings.
  'aws-iot-secrets.h': `#include <pgmspace.h>

#define SECRET
#define THINGNAME "my-esp32-thing"

const char AWS_IOT_ENDPOINT[] = "xxxxxxxxxxxxxx-ats.iot.us-east-1.amazonaws.example";

// Amazon Root CA 1
static const char AWS_CERT_CA[] PROGMEM = R"EOF(
${ROOT.join('\n')}
)EOF";

// Device Certificate
static const char AWS_CERT_CRT[] PROGMEM = R"KEY(
${INT.join('\n')}
)KEY";
`,
  // Azure IoT SDK for C (certs/certs.c): one array, comments between roots, \\r\\n line ends.
  'azure-iot-certs.c': `/* Copyright (c) Example. Licensed under the MIT license. */

#include "certs.h"

const char certificates[] =
/* CertLens Test Root */
${ROOT.map((l) => `"${l}\\r\\n"`).join('\n')}
/* CertLens Test Intermediate */
${INT.map((l) => `"${l}\\r\\n"`).join('\n')};
`,
  // A trust anchor in a C macro with continuations (ESP-IDF components, mbedTLS configs).
  'root-ca-define.h': `#ifndef ROOT_CA_H
#define ROOT_CA_H

#define ROOT_CA_PEM \\
${ROOT.map((l) => `    "${l}\\n"`).join(' \\\n')}

#endif /* ROOT_CA_H */
`,
  // ESP-IDF / Arduino: DER as \`xxd -i\` output.
  'esp32-ca-der.h': `// Generated with: xxd -i ca.der
const uint8_t ca_der[] = {
${xxd(ROOT_DER)}
};
const unsigned int ca_der_len = ${ROOT_DER.length};
`,
  // \`xxd -i\` of a PEM file with a terminating NUL (ESP-IDF embeds text files that way).
  'esp32-ca-pem-bytes.h': `unsigned char server_root_cert_pem[] = {
${xxd(new Uint8Array([...Buffer.from(ROOT.join('\n') + '\n'), 0]))}
};
unsigned int server_root_cert_pem_len = ${ROOT.join('\n').length + 2};
`,
  // DER as a string of \\x escapes, split over adjacent literals.
  'device-cert-escaped.c': `/* Device certificate (DER) */
const char device_cert_der[] =
${chunks(escaped(LEAF_DER), 64)
  .map((c) => `    "${c}"`)
  .join('\n')};
const size_t device_cert_der_len = sizeof(device_cert_der) - 1;
`,
  // C++ raw string without a delimiter.
  'pinned-root.cpp': `#include <string>

namespace tls {
const std::string kPinnedRoot = R"(${ROOT.join('\n')})";
}  // namespace tls
`,
  'tls_test.go': `package tls_test

import "testing"

const rootPEM = \`
${ROOT.join('\n')}
\`

var intermediatePEM = "${INT[0]}\\n" +
${INT.slice(1)
  .map((l) => `\t"${l}\\n"`)
  .join(' +\n')}

func TestRoots(t *testing.T) {}
`,
  'test_tls.py': `import ssl
import unittest

ROOT_PEM = """${ROOT.join('\n')}
"""

INTERMEDIATE_PEM = (
${INT.map((l) => `    "${l}\\n"`).join('\n')}
)

LEAF_DER = b'${pyRepr(LEAF_DER)}'


class TestTls(unittest.TestCase):
    def test_load(self):
        """Loads a PEM such as:

        -----BEGIN CERTIFICATE-----
        MIIB...
        -----END CERTIFICATE-----
        """
        ssl.create_default_context(cadata=ROOT_PEM)
`,
  'tls.rs': `//! Test certificates.

pub const ROOT_PEM: &str = r#"${ROOT.join('\n')}
"#;

pub const INTERMEDIATE_PEM: &str = "${INT.join('\\n\\\n                                   ')}\\n";

#[cfg(test)]
mod tests {}
`,
  'TlsTest.java': `package com.example.tls;

import org.junit.jupiter.api.Test;

class TlsTest {
    private static final String ROOT_PEM =
${ROOT.map((l) => `        "${l}\\n"`).join(' +\n')};

    private static final String INTERMEDIATE_PEM = """
${INT.map((l) => `        ${l}`).join('\n')}
        """;

    @Test
    void loads() {}
}
`,
  'TlsTest.kt': `package com.example.tls

val rootPem = """
${ROOT.map((l) => `    ${l}`).join('\n')}
""".trimIndent()

val intermediatePem = "${INT[0]}\\n" +
${INT.slice(1)
  .map((l) => `    "${l}\\n"`)
  .join(' +\n')}
`,
  'TlsTests.cs': `namespace Example.Tls.Tests;

public class TlsTests
{
    private const string RootPem =
${ROOT.map((l) => `        "${l}\\n"`).join(' +\n')};

    private const string IntermediatePem = @"${INT.join('\n')}";
}
`,
  'tls.test.js': `// Test certificates.
import assert from 'node:assert';

const rootPem = \`${ROOT.join('\n')}
\`;

const intermediatePem =
${INT.map((l) => `  '${l}\\n'`).join(' +\n')};

assert.ok(rootPem && intermediatePem);
`,
  'tls.test.ts': `import { X509Certificate } from 'node:crypto';

/**
 * Parses a PEM such as
 * -----BEGIN CERTIFICATE-----
 * MIIB…
 * -----END CERTIFICATE-----
 */
export function parse(body: string): X509Certificate {
  // Built from a template: no certificate here.
  const pem = \`-----BEGIN CERTIFICATE-----
\${body}
-----END CERTIFICATE-----\`;
  return new X509Certificate(pem);
}

export const ROOT_PEM = \`
${ROOT.join('\n')}
\`;
`,
  'TlsTests.swift': `import XCTest

final class TlsTests: XCTestCase {
    let rootPEM = """
${ROOT.map((l) => `        ${l}`).join('\n')}
        """

    func testLoad() {}
}
`,
  // Nothing to decode: templates, markers compared against, commented-out blocks.
  'templates.c': `#include <stdio.h>

static const char *PEM_BEGIN = "-----BEGIN CERTIFICATE-----";
static const char *PEM_FMT = "-----BEGIN %s-----\\n%s\\n-----END %s-----\\n";

/*
 * Example:
 * -----BEGIN CERTIFICATE-----
 * MIIBszCCAVmgAwIBAgIU...
 * -----END CERTIFICATE-----
 */
void print_cert(const char *b64) {
  printf("-----BEGIN CERTIFICATE-----\\n%s\\n-----END CERTIFICATE-----\\n", b64);
}

// -----BEGIN CERTIFICATE-----
// ${ROOT[1]}
// -----END CERTIFICATE-----
`,
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
console.log(`wrote ${Object.keys(files).length} files to ${out}`);
