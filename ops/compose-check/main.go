// Command compose-check loads a Compose file with compose-go, the Compose Specification's reference
// loader, which validates it against the specification's JSON schema and resolves its
// interpolation, anchors and merges; it prints each service's command and environment as JSON so
// a test can hold them against the product's own start commands and variables.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
)

type service struct {
	Command     []string          `json:"command"`
	Environment map[string]string `json:"environment"`
	Healthcheck []string          `json:"healthcheck"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check <compose file>")
		os.Exit(2)
	}
	file, err := filepath.Abs(os.Args[1])
	if err != nil {
		fail(err)
	}
	options, err := cli.NewProjectOptions([]string{file}, cli.WithOsEnv, cli.WithName("groundwork"))
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	services := map[string]service{}
	for name, definition := range project.Services {
		environment := map[string]string{}
		for key, value := range definition.Environment {
			if value != nil {
				environment[key] = *value
			}
		}
		var healthcheck []string
		if definition.HealthCheck != nil {
			healthcheck = definition.HealthCheck.Test
		}
		services[name] = service{Command: definition.Command, Environment: environment, Healthcheck: healthcheck}
	}
	if err := json.NewEncoder(os.Stdout).Encode(services); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
