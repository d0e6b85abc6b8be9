// Stands in for the 'server-only' marker package in the listener bundle: everything there is server code.
export {};
