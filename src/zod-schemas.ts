export { array, enum, gte, int, literal, lt, lte, maxLength, object, optional, pipe, refine, regex, strictObject, string, transform, tuple, union } from 'zod/mini';
