// Every CLI command module; main.ts registers them in this order.
import type { Command } from 'commander';
import { register as catalogue } from './catalogue.ts';
import { register as serve } from './serve.ts';
import { register as compare } from './compare.ts';
import { register as indicators } from './indicators.ts';
import { register as vecu } from './vecu.ts';
import { register as lookup } from './lookup.ts';
import { register as facilityChanges } from './facilityChanges.ts';
import { register as pockets } from './pockets.ts';
import { register as maps } from './maps.ts';
import { register as fiche } from './fiche.ts';

export const COMMANDS: ((program: Command) => void)[] = [catalogue, serve, indicators, compare, facilityChanges, vecu, lookup, pockets, fiche, maps];
