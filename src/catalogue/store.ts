/*
 * The catalogue's queries, one file per entity group under store/. Every query a
 * request can reach filters by house_id, and by unit where the scope has one.
 */
export * from './store/houses.ts';
export * from './store/places.ts';
export * from './store/productions.ts';
export * from './store/performances.ts';
export * from './store/price-categories.ts';
