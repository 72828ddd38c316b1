// Command alloy-syntax parses an Alloy configuration file with Alloy's own parser
// (github.com/grafana/alloy/syntax) and prints the name and label of every top-level block,
// one per line ("loki.write loki"): the components the file declares. A syntax error is
// printed as Alloy reports it, with exit status 1.
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/grafana/alloy/syntax/ast"
	"github.com/grafana/alloy/syntax/parser"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: alloy-syntax FILE")
		os.Exit(2)
	}
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	file, err := parser.ParseFile(os.Args[1], data)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, stmt := range file.Body {
		if block, ok := stmt.(*ast.BlockStmt); ok {
			fmt.Println(strings.TrimSpace(strings.Join(block.Name, ".") + " " + block.Label))
		}
	}
}
