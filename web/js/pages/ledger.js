// The relationship, both sides: RFQs and the inbox, quotes and their comparison, samples,
// changes, orders and payments, inspections, messages, scorecards (docs/web.md, Pages).
import { asMember } from './ledger-common.js';
import { routes as rfqRoutes } from './ledger-rfqs.js';
import { samples, changes } from './ledger-work.js';
import { orders, inspections, messages, scorecards } from './ledger-orders.js';

export const routes = asMember([
  ...rfqRoutes,
  { path: '/samples', title: 'Samples', side: 'any', render: samples },
  { path: '/changes', title: 'Changes', side: 'any', render: changes },
  { path: '/orders', title: 'Orders', side: 'any', render: orders },
  { path: '/inspections', title: 'Inspections', side: 'any', render: inspections },
  { path: '/messages', title: 'Messages', side: 'any', render: messages },
  { path: '/scorecards', title: 'Scorecards', side: 'any', render: scorecards },
]);
