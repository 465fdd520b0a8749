// Package pkg is the root of Assure's shared libraries. Each sub-package is
// small and named for what it provides; services depend on them, never the
// other way round.
package pkg
