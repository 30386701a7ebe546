import {createContext} from 'react';

/** Hand the terminal to another program (the editor) and take it back: Ink's frame is drawn again afterwards. */
export type Suspend = <T>(run: () => T) => T;

export const SuspendContext = createContext<Suspend>((run) => run());
