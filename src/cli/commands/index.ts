/** The command list. Each module registers one command and lazy-loads its heavy work. */
import type { Command } from 'commander';
import type { Cli } from '../io.js';
import { register as diagram } from './diagram.js';
import { register as doctor } from './doctor.js';
import { register as plan } from './plan.js';
import { register as prove } from './prove.js';
import { register as report } from './report.js';
import { register as schema } from './schema.js';
import { register as simulate } from './simulate.js';
import { register as synth } from './synth.js';
import { register as token } from './token.js';

export type Register = (program: Command, cli: Cli) => void;

export const commands: Register[] = [plan, schema, prove, simulate, synth, token, doctor, diagram, report];
