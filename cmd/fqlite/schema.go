package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fqlite/fqlite/runtime"
	"github.com/fqlite/fqlite/schema"
)

const schemaUsage = `Usage:
  fqlite schema check DIR              validate the .fsl files of DIR
  fqlite schema diff DIR --data DATA   show what pushing DIR would change
  fqlite schema push DIR --data DATA   make DIR the database's schema
  fqlite schema pull --data DATA       print the database's schema as FSL

DIR is a directory of .fsl files (sub-directories included). A push
replaces the whole schema: items missing from DIR are deleted, as with
Fauna's schema push; the user data of existing items is kept.

Exit status: 0 on success, 1 when the schema is invalid or the push
fails, 2 on a usage error.

Flags:
`

func runSchema(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" {
		w := stderr
		code := exitUsage
		if len(args) > 0 {
			w, code = stdout, exitOK
		}
		fmt.Fprint(w, schemaUsage)
		schemaFlags(w).PrintDefaults()
		return code
	}
	sub := args[0]
	fs := schemaFlags(stderr)
	var positional []string
	for rest := args[1:]; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprint(stdout, schemaUsage)
				fs.SetOutput(stdout)
				fs.PrintDefaults()
				return exitOK
			}
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	data := fs.Lookup("data").Value.String()
	switch sub {
	case "check":
		if len(positional) != 1 {
			fmt.Fprintln(stderr, "fqlite schema check: give one schema directory")
			return exitUsage
		}
		start := time.Now()
		s, err := schema.LoadDir(positional[0])
		if err != nil {
			return printSchemaError(stderr, err)
		}
		fmt.Fprintf(stdout, "%s: %d collections, %d functions, %d roles, %d access providers (%d files, checked in %v)\n",
			positional[0], len(s.Collections), len(s.Functions), len(s.Roles), len(s.AccessProviders), len(s.Files), time.Since(start).Round(time.Microsecond))
		return exitOK
	case "diff", "push":
		if len(positional) != 1 {
			fmt.Fprintf(stderr, "fqlite schema %s: give one schema directory\n", sub)
			return exitUsage
		}
		if data == "" {
			fmt.Fprintf(stderr, "fqlite schema %s: --data DIR is required (the database to compare with)\n", sub)
			return exitUsage
		}
		files, err := readSchemaDir(positional[0])
		if err != nil {
			fmt.Fprintf(stderr, "fqlite schema %s: %v\n", sub, err)
			return exitUsage
		}
		db, err := runtime.Open(runtime.Options{Dir: data})
		if err != nil {
			fmt.Fprintf(stderr, "fqlite schema %s: %v\n", sub, err)
			return exitQueryError
		}
		defer db.Close()
		res, err := db.PushSchema(context.Background(), files, runtime.PushOptions{DryRun: sub == "diff"})
		if err != nil {
			return printSchemaError(stderr, err)
		}
		text := schema.RenderDiff(res.Changes, schema.DiffSemantic)
		if text == "" {
			fmt.Fprintln(stdout, "No changes: the database's schema matches "+positional[0]+".")
			return exitOK
		}
		fmt.Fprint(stdout, text)
		if !strings.HasSuffix(text, "\n") {
			fmt.Fprintln(stdout)
		}
		if sub == "push" {
			fmt.Fprintf(stdout, "Pushed: %d changes applied (schema version %d).\n", len(res.Changes), res.Version)
		}
		return exitOK
	case "pull":
		if data == "" {
			fmt.Fprintln(stderr, "fqlite schema pull: --data DIR is required")
			return exitUsage
		}
		db, err := runtime.Open(runtime.Options{Dir: data})
		if err != nil {
			fmt.Fprintf(stderr, "fqlite schema pull: %v\n", err)
			return exitQueryError
		}
		defer db.Close()
		text, err := db.SchemaFSL()
		if err != nil {
			fmt.Fprintf(stderr, "fqlite schema pull: %v\n", err)
			return exitQueryError
		}
		fmt.Fprint(stdout, text)
		return exitOK
	}
	fmt.Fprintf(stderr, "fqlite schema: unknown subcommand %q\n\n%s", sub, schemaUsage)
	return exitUsage
}

func schemaFlags(w io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	fs.SetOutput(w)
	fs.String("data", "", "the database's data `DIR`")
	return fs
}

// printSchemaError prints schema validation errors as Fauna renders them,
// or a query error in Fauna's shape.
func printSchemaError(stderr io.Writer, err error) int {
	var errs schema.Errors
	if errors.As(err, &errs) {
		fmt.Fprintln(stderr, errs.Render())
		return exitQueryError
	}
	return printAnyError(stderr, err)
}

// readSchemaDir reads the .fsl files of dir and its sub-directories (file
// name relative to dir → source).
func readSchemaDir(dir string) (map[string]string, error) {
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".fsl") {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files[filepath.ToSlash(rel)] = string(b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no .fsl files in %s", dir)
	}
	return files, nil
}
