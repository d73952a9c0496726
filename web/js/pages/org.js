// Placeholder: replaced by the page module's owner (docs/web.md).
export const routes = [];
