import type { Core } from '../app';
import type { HandlerMap } from './dispatch';
import { foundationHandlers } from './foundationHandlers';
import { documentsHandlers } from './documentsHandlers';
import { exchangeHandlers } from './exchangeHandlers';
import { searchHandlers } from './searchHandlers';
import { signingHandlers } from './signingHandlers';

// Every contract method has exactly one handler; the HandlerMap type makes a missing one a
// compile error. Each domain contributes its own map.
export function buildHandlers(core: Core): HandlerMap {
  return {
    ...foundationHandlers(core),
    ...documentsHandlers(core),
    ...exchangeHandlers(core),
    ...searchHandlers(core),
    ...signingHandlers(core),
  };
}
