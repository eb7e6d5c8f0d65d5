// Checks every ```mermaid block in the given markdown files with Mermaid's own parser.
//
// Usage: node Scripts/check-mermaid.mjs MERMAID_MIN_JS JSDOM_DIR FILE.md...
// MERMAID_MIN_JS is Mermaid's browser bundle (dist/mermaid.min.js); JSDOM_DIR is the
// directory holding the jsdom package (its dependencies beside it or on NODE_PATH). Scripts/check-mermaid.sh finds both and is the
// usual way in. Each block goes through `mermaid.parse`, the same parse a markdown viewer
// runs before drawing; a rejected block is printed with its file, line, diagram type and
// Mermaid's error. Exits 1 when any block fails, 2 on bad usage, 0 otherwise.

import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { runInThisContext } from "node:vm";
import path from "node:path";

const [mermaidBundle, jsdomDir, ...files] = process.argv.slice(2);
if (!mermaidBundle || !jsdomDir || files.length === 0) {
  console.error("usage: node check-mermaid.mjs MERMAID_MIN_JS JSDOM_DIR FILE.md...");
  process.exit(2);
}

// Mermaid's bundle expects a browser: give it jsdom's window and document.
const require = createRequire(import.meta.url);
const { JSDOM } = require(path.join(path.resolve(jsdomDir), "jsdom"));
const dom = new JSDOM("<!DOCTYPE html><html><body></body></html>", { pretendToBeVisual: true });
for (const name of ["window", "document", "navigator", "DOMParser", "Element", "HTMLElement", "SVGElement", "Node"]) {
  if (!(name in globalThis) || name === "window" || name === "document") {
    Object.defineProperty(globalThis, name, { value: dom.window[name], configurable: true, writable: true });
  }
}
runInThisContext(readFileSync(mermaidBundle, "utf8"), { filename: mermaidBundle });
const mermaid = globalThis.mermaid;
mermaid.initialize({ startOnLoad: false });
const version = (readFileSync(mermaidBundle, "utf8").match(/version:"([0-9.]+)"/) ?? [])[1] ?? "unknown";

/// Every ```mermaid fenced block in `text`, with the 1-based line of its opening fence.
function mermaidBlocks(text) {
  const blocks = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^(\s*)(`{3,}|~{3,})\s*mermaid\s*$/);
    if (!open) continue;
    const fence = open[2];
    const body = [];
    let j = i + 1;
    while (j < lines.length && !lines[j].trim().startsWith(fence)) body.push(lines[j++]);
    blocks.push({ line: i + 1, text: body.join("\n") });
    i = j;
  }
  return blocks;
}

let checked = 0;
let failed = 0;
const types = new Map();
for (const file of files) {
  for (const block of mermaidBlocks(readFileSync(file, "utf8"))) {
    checked++;
    const type = block.text.trim().split(/\s/)[0] || "(empty)";
    types.set(type, (types.get(type) ?? 0) + 1);
    try {
      const result = await mermaid.parse(block.text);
      if (!result) throw new Error("mermaid.parse returned no diagram type");
    } catch (error) {
      failed++;
      const message = String(error?.message ?? error).split("\n").slice(0, 6).join("\n    ");
      console.log(`FAIL ${file}:${block.line} (${type})\n    ${message}\n--- block ---\n${block.text}\n-------------`);
    }
  }
}
const byType = [...types].map(([type, count]) => `${count} ${type}`).join(", ");
console.log(`mermaid ${version}: checked ${checked} block(s)${byType ? ` (${byType})` : ""} in ${files.length} file(s)`);
console.log(`${checked - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
