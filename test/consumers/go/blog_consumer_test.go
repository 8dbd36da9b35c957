package blogconsumer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

func readJSON(t *testing.T, file string) interface{} {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var value interface{}
	if err := json.Unmarshal(data, &value); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return value
}

// TestMain ends the jsii runtime (a node process) once, after every test.
func TestMain(m *testing.M) {
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// exampleApp is a new app with the example app's settings (test/example/app.ts; the context is what
// `cdk synth` passes to the app), writing into a temporary directory.
func exampleApp(t *testing.T) (awscdk.App, string) {
	t.Helper()
	if os.Getenv("REFERENCE_TEMPLATE") == "" {
		t.Fatal("REFERENCE_TEMPLATE must name the example template (cdk.out/BlogExampleStack.template.json)")
	}
	outdir := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{
		Outdir:             jsii.String(outdir),
		AnalyticsReporting: jsii.Bool(false),
		Context: &map[string]interface{}{
			"aws:cdk:enable-path-metadata":  true,
			"aws:cdk:enable-asset-metadata": true,
		},
	})
	return app, outdir
}

// synthAndCompare synthesizes the app and compares stack id's template with the example app's, which
// sits beside REFERENCE_TEMPLATE in its cloud assembly.
func synthAndCompare(t *testing.T, app awscdk.App, outdir string, id string) {
	t.Helper()
	app.Synth(nil)
	actual := readJSON(t, filepath.Join(outdir, id+".template.json"))
	expected := readJSON(t, filepath.Join(filepath.Dir(os.Getenv("REFERENCE_TEMPLATE")), id+".template.json"))
	if lines := templateDiff(expected, actual); len(lines) > 0 {
		t.Fatal(formatDiff("Go (module), "+id, lines))
	}
}

func TestGoModuleSynthesizesTheSameTemplateAsTheTypeScriptExample(t *testing.T) {
	app, outdir := exampleApp(t)
	stack := NewBlogExampleStack(app, "BlogExampleStack", nil)

	// Escape hatches: the L2s behind the construct are reachable and typed.
	if n := len(*stack.Api.Routes()); n != 2 {
		t.Errorf("Routes(): want 2 routes, got %d", n)
	}
	if path := *stack.Api.UserPool().Node().Path(); path != "BlogExampleStack/Api/UserPool" {
		t.Errorf("UserPool().Node().Path() = %q", path)
	}
	if !*awscdk.Token_IsUnresolved(stack.Api.ApiUrl()) {
		t.Errorf("ApiUrl() should be a deploy-time token, got %q", *stack.Api.ApiUrl())
	}
	synthAndCompare(t, app, outdir, "BlogExampleStack")
}

func TestGoModuleSynthesizesTheMonitoredExampleAsTheTypeScriptExample(t *testing.T) {
	app, outdir := exampleApp(t)
	stack := NewMonitoredBlogExampleStack(app, "MonitoredBlogExampleStack")
	if stack.Api.Monitoring() == nil {
		t.Fatal("Monitoring() should be set")
	}
	if n := len(*stack.Api.Monitoring().Alarms()); n != 9 {
		t.Errorf("Monitoring().Alarms(): want 9 alarms, got %d", n)
	}
	synthAndCompare(t, app, outdir, "MonitoredBlogExampleStack")
}

func TestGoModuleSynthesizesTheAuthorizationExampleAsTheTypeScriptExample(t *testing.T) {
	reporterCode := os.Getenv("REPORTER_CODE")
	if reporterCode == "" {
		t.Fatal("REPORTER_CODE must be set (test/consumers/run.sh)")
	}
	app, outdir := exampleApp(t)
	stack := NewAuthorizationExampleStack(app, "AuthorizationExampleStack", reporterCode)
	if n := len(*stack.Api.Routes()); n != 6 {
		t.Errorf("Routes(): want 6 routes, got %d", n)
	}
	if !*awscdk.Token_IsUnresolved(stack.ReportingClient.UserPoolClientId()) {
		t.Errorf("AddMachineClient() should return the client, whose id is a deploy-time token")
	}
	synthAndCompare(t, app, outdir, "AuthorizationExampleStack")
}
