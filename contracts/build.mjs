// Compiles src/*.sol with the solc-js version pinned in package.json (it runs offline from the npm package) and
// writes out/<Contract>.abi.json and out/<Contract>.bin. With --check it writes nothing and fails when the committed
// files differ from what the pinned compiler produces now.
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const solc = require('solc');
const pinned = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')).dependencies.solc;
const check = process.argv.includes('--check');

if (!solc.version().startsWith(pinned + '+')) {
  console.error(`solc ${solc.version()} is installed, package.json pins ${pinned}: run npm ci in ${here}`);
  process.exit(2);
}

const sources = {};
for (const file of readdirSync(join(here, 'src')).filter(f => f.endsWith('.sol')).sort()) {
  sources[`src/${file}`] = { content: readFileSync(join(here, 'src', file), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    // Cancun: what Ethereum mainnet and anvil both run, so the bytecode uses no opcode a node may lack.
    evmVersion: 'cancun',
    optimizer: { enabled: true, runs: 200 },
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors || []).filter(e => e.severity === 'error');
for (const message of output.errors || []) {
  console.error(message.formattedMessage);
}
if (errors.length > 0) {
  process.exit(1);
}

const outDir = join(here, 'out');
mkdirSync(outDir, { recursive: true });
let stale = 0;
for (const [source, contracts] of Object.entries(output.contracts)) {
  for (const [name, contract] of Object.entries(contracts)) {
    const files = {
      [`${name}.abi.json`]: JSON.stringify(contract.abi, null, 2) + '\n',
      [`${name}.bin`]: contract.evm.bytecode.object + '\n',
    };
    for (const [file, content] of Object.entries(files)) {
      const path = join(outDir, file);
      if (check) {
        let committed = null;
        try {
          committed = readFileSync(path, 'utf8');
        } catch {
          // missing: stale below
        }
        if (committed !== content) {
          console.error(`out/${file} differs from what solc ${solc.version()} makes of ${source}; run contracts/build.sh`);
          stale++;
        }
      } else {
        writeFileSync(path, content);
        console.log(`out/${file} (${source}, solc ${solc.version()})`);
      }
    }
  }
}
if (stale > 0) {
  process.exit(1);
}
if (check) {
  console.log(`out/ is what solc ${solc.version()} makes of src/`);
}
