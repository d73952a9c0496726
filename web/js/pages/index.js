// Every page module's routes, in one list (docs/web.md). A route of path '*' is the page
// shown for a path no route has, and for an ApiError 404.
import {routes as auth} from './auth.js';
import {routes as org} from './org.js';
import {routes as programs} from './programs.js';
import {routes as ledger} from './ledger.js';

export const routes = [...auth, ...org, ...programs, ...ledger];
