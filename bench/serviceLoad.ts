// Loads a store (default: the synthetic national cells ingested in /tmp/atlas-national) as the service
// does and prints load time and memory. Usage: npx tsx bench/serviceLoad.ts [DATA_DIR]
import { openWorkspace } from '../server/app/openWorkspace.ts';

const dir = process.argv[2] ?? '/tmp/atlas-national';
const t0 = performance.now();
const ws = await openWorkspace(dir);
const cells = ws.cells();
console.log(`store ${dir}`);
console.log(`  load: ${Math.round(performance.now() - t0)} ms, cells: ${cells?.grids.reduce((n, g) => n + g.count, 0) ?? 0}, perimeters: ${ws.perimeterSets().reduce((n, s) => n + s.items.length, 0)}, facilities: ${ws.facilities().items.length}`);
console.log(`  RSS: ${Math.round(process.memoryUsage().rss / 1e6)} MB, peak RSS: ${Math.round(process.resourceUsage().maxRSS / 1e3)} MB (budget 2 000 MB)`);
