// Public surface of this library: filled in as it grows.
