// The JSDoc reader lives with the docs generator; tests read props through it too.
export * from '../../scripts/docs/documentedProps';
