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

func TestGoModuleSynthesizesTheSameTemplateAsTheTypeScriptExample(t *testing.T) {
	reference := os.Getenv("REFERENCE_TEMPLATE")
	if reference == "" {
		t.Fatal("REFERENCE_TEMPLATE must name the example template (cdk.out/BlogExampleStack.template.json)")
	}
	outdir := t.TempDir()

	// Same App settings as test/example/app.ts; the context is what `cdk synth` passes to the app.
	app := awscdk.NewApp(&awscdk.AppProps{
		Outdir:             jsii.String(outdir),
		AnalyticsReporting: jsii.Bool(false),
		Context: &map[string]interface{}{
			"aws:cdk:enable-path-metadata":  true,
			"aws:cdk:enable-asset-metadata": true,
		},
	})
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

	app.Synth(nil)
	actual := readJSON(t, filepath.Join(outdir, "BlogExampleStack.template.json"))
	expected := readJSON(t, reference)
	if lines := templateDiff(expected, actual); len(lines) > 0 {
		t.Fatal(formatDiff("Go (module)", lines))
	}
}

func TestGoModuleSynthesizesTheMonitoredExampleAsTheTypeScriptExample(t *testing.T) {
	reference := os.Getenv("REFERENCE_TEMPLATE")
	if reference == "" {
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
	stack := NewMonitoredBlogExampleStack(app, "MonitoredBlogExampleStack")
	if stack.Api.Monitoring() == nil {
		t.Fatal("Monitoring() should be set")
	}
	if n := len(*stack.Api.Monitoring().Alarms()); n != 9 {
		t.Errorf("Monitoring().Alarms(): want 9 alarms, got %d", n)
	}

	app.Synth(nil)
	actual := readJSON(t, filepath.Join(outdir, "MonitoredBlogExampleStack.template.json"))
	// The example app's templates are side by side in its cloud assembly.
	expected := readJSON(t, filepath.Join(filepath.Dir(reference), "MonitoredBlogExampleStack.template.json"))
	if lines := templateDiff(expected, actual); len(lines) > 0 {
		t.Fatal(formatDiff("Go (module), MonitoredBlogExampleStack", lines))
	}
}

func TestGoModuleSynthesizesTheAuthorizationExampleAsTheTypeScriptExample(t *testing.T) {
	reference, reporterCode := os.Getenv("REFERENCE_TEMPLATE"), os.Getenv("REPORTER_CODE")
	if reference == "" || reporterCode == "" {
		t.Fatal("REFERENCE_TEMPLATE and REPORTER_CODE must be set (test/consumers/run.sh)")
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
	stack := NewAuthorizationExampleStack(app, "AuthorizationExampleStack", reporterCode)
	if n := len(*stack.Api.Routes()); n != 6 {
		t.Errorf("Routes(): want 6 routes, got %d", n)
	}
	if !*awscdk.Token_IsUnresolved(stack.ReportingClient.UserPoolClientId()) {
		t.Errorf("AddMachineClient() should return the client, whose id is a deploy-time token")
	}

	app.Synth(nil)
	actual := readJSON(t, filepath.Join(outdir, "AuthorizationExampleStack.template.json"))
	expected := readJSON(t, filepath.Join(filepath.Dir(reference), "AuthorizationExampleStack.template.json"))
	if lines := templateDiff(expected, actual); len(lines) > 0 {
		t.Fatal(formatDiff("Go (module), AuthorizationExampleStack", lines))
	}
}
