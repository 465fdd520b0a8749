// Package config gives every command-line flag an environment twin: flag
// -data-dir is also read from ASSURE_DATA_DIR. A flag given on the command
// line wins over the environment, which wins over the default.
package config

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// EnvName returns the environment variable for a flag, e.g.
// EnvName("ASSURE", "http-addr") = "ASSURE_HTTP_ADDR".
func EnvName(prefix, flagName string) string {
	return prefix + "_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// Parse applies environment values from lookup (os.LookupEnv if nil) to
// fs's flags, then parses args over them.
func Parse(fs *flag.FlagSet, prefix string, args []string, lookup func(string) (string, bool)) error {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if err != nil {
			return
		}
		name := EnvName(prefix, f.Name)
		if v, ok := lookup(name); ok {
			if serr := fs.Set(f.Name, v); serr != nil {
				err = fmt.Errorf("%s=%q: %w", name, v, serr)
			}
		}
		f.Usage += " [$" + name + "]"
	})
	if err != nil {
		return err
	}
	return fs.Parse(args)
}
