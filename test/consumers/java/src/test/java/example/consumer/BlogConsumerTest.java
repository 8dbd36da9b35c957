package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;

class BlogConsumerTest {
    /** A new app with the example app's settings (test/example/app.ts; the context is what `cdk synth` passes to the app). */
    private static App exampleApp(final Path outdir) {
        assertNotNull(System.getenv("REFERENCE_TEMPLATE"), "REFERENCE_TEMPLATE must name the example template (cdk.out/BlogExampleStack.template.json)");
        return new App(AppProps.builder()
                .outdir(outdir.toString())
                .analyticsReporting(false)
                .context(Map.of("aws:cdk:enable-path-metadata", true, "aws:cdk:enable-asset-metadata", true))
                .build());
    }

    /** Synthesizes the app and compares stack {@code id}'s template with the example app's, beside REFERENCE_TEMPLATE in its cloud assembly. */
    private static void synthAndCompare(final App app, final Path outdir, final String id) throws Exception {
        app.synth();
        ObjectMapper json = new ObjectMapper();
        JsonNode actual = json.readTree(Files.readString(outdir.resolve(id + ".template.json")));
        JsonNode expected = json.readTree(Files.readString(Path.of(System.getenv("REFERENCE_TEMPLATE")).resolveSibling(id + ".template.json")));
        List<String> lines = TemplateDiff.diff(expected, actual);
        assertTrue(lines.isEmpty(), () -> TemplateDiff.format("Java (Maven artifact), " + id, lines));
    }

    @Test
    void mavenArtifactSynthesizesTheSameTemplateAsTheTypeScriptExample(@TempDir final Path outdir) throws Exception {
        App app = exampleApp(outdir);
        BlogExampleStack stack = new BlogExampleStack(app, "BlogExampleStack");

        // Escape hatches: the L2s behind the construct are reachable and typed.
        List<HttpRoute> routes = stack.getApi().getRoutes();
        assertEquals(2, routes.size());
        assertEquals("BlogExampleStack/Api/UserPool", stack.getApi().getUserPool().getNode().getPath());
        assertTrue(Token.isUnresolved(stack.getApi().getApiUrl()), "apiUrl is a deploy-time token");
        synthAndCompare(app, outdir, "BlogExampleStack");
    }

    @Test
    void mavenArtifactSynthesizesTheMonitoredExampleAsTheTypeScriptExample(@TempDir final Path outdir) throws Exception {
        App app = exampleApp(outdir);
        MonitoredBlogExampleStack stack = new MonitoredBlogExampleStack(app, "MonitoredBlogExampleStack");
        assertNotNull(stack.getApi().getMonitoring(), "monitoring is exposed");
        assertEquals(9, stack.getApi().getMonitoring().getAlarms().size());
        synthAndCompare(app, outdir, "MonitoredBlogExampleStack");
    }

    @Test
    void mavenArtifactSynthesizesTheAuthorizationExampleAsTheTypeScriptExample(@TempDir final Path outdir) throws Exception {
        String reporterCode = System.getenv("REPORTER_CODE");
        assertNotNull(reporterCode, "REPORTER_CODE must name the reporter's code (test/example/reporter)");
        App app = exampleApp(outdir);
        AuthorizationExampleStack stack = new AuthorizationExampleStack(app, "AuthorizationExampleStack", reporterCode);
        assertEquals(6, stack.getApi().getRoutes().size());
        assertTrue(Token.isUnresolved(stack.getReportingClient().getUserPoolClientId()), "addMachineClient() returns the client");
        synthAndCompare(app, outdir, "AuthorizationExampleStack");
    }
}
