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
    @Test
    void mavenArtifactSynthesizesTheSameTemplateAsTheTypeScriptExample(@TempDir final Path outdir) throws Exception {
        String reference = System.getenv("REFERENCE_TEMPLATE");
        assertNotNull(reference, "REFERENCE_TEMPLATE must name the example template (cdk.out/BlogExampleStack.template.json)");

        // Same App settings as test/example/app.ts; the context is what `cdk synth` passes to the app.
        App app = new App(AppProps.builder()
                .outdir(outdir.toString())
                .analyticsReporting(false)
                .context(Map.of("aws:cdk:enable-path-metadata", true, "aws:cdk:enable-asset-metadata", true))
                .build());
        BlogExampleStack stack = new BlogExampleStack(app, "BlogExampleStack");

        // Escape hatches: the L2s behind the construct are reachable and typed.
        List<HttpRoute> routes = stack.getApi().getRoutes();
        assertEquals(2, routes.size());
        assertEquals("BlogExampleStack/Api/UserPool", stack.getApi().getUserPool().getNode().getPath());
        assertTrue(Token.isUnresolved(stack.getApi().getApiUrl()), "apiUrl is a deploy-time token");

        app.synth();
        ObjectMapper json = new ObjectMapper();
        JsonNode actual = json.readTree(Files.readString(outdir.resolve("BlogExampleStack.template.json")));
        JsonNode expected = json.readTree(Files.readString(Path.of(reference)));
        List<String> lines = TemplateDiff.diff(expected, actual);
        assertTrue(lines.isEmpty(), () -> TemplateDiff.format("Java (Maven artifact)", lines));
    }

    @Test
    void mavenArtifactSynthesizesTheMonitoredExampleAsTheTypeScriptExample(@TempDir final Path outdir) throws Exception {
        String reference = System.getenv("REFERENCE_TEMPLATE");
        assertNotNull(reference, "REFERENCE_TEMPLATE must name the example template (cdk.out/BlogExampleStack.template.json)");
        App app = new App(AppProps.builder()
                .outdir(outdir.toString())
                .analyticsReporting(false)
                .context(Map.of("aws:cdk:enable-path-metadata", true, "aws:cdk:enable-asset-metadata", true))
                .build());
        MonitoredBlogExampleStack stack = new MonitoredBlogExampleStack(app, "MonitoredBlogExampleStack");
        assertNotNull(stack.getApi().getMonitoring(), "monitoring is exposed");
        assertEquals(9, stack.getApi().getMonitoring().getAlarms().size());

        app.synth();
        ObjectMapper json = new ObjectMapper();
        JsonNode actual = json.readTree(Files.readString(outdir.resolve("MonitoredBlogExampleStack.template.json")));
        // The example app's templates are side by side in its cloud assembly.
        JsonNode expected = json.readTree(Files.readString(Path.of(reference).resolveSibling("MonitoredBlogExampleStack.template.json")));
        List<String> lines = TemplateDiff.diff(expected, actual);
        assertTrue(lines.isEmpty(), () -> TemplateDiff.format("Java (Maven artifact), MonitoredBlogExampleStack", lines));
    }

    @Test
    void mavenArtifactSynthesizesTheAuthorizationExampleAsTheTypeScriptExample(@TempDir final Path outdir) throws Exception {
        String reference = System.getenv("REFERENCE_TEMPLATE");
        String reporterCode = System.getenv("REPORTER_CODE");
        assertNotNull(reference, "REFERENCE_TEMPLATE must name the example template (cdk.out/BlogExampleStack.template.json)");
        assertNotNull(reporterCode, "REPORTER_CODE must name the reporter's code (test/example/reporter)");
        App app = new App(AppProps.builder()
                .outdir(outdir.toString())
                .analyticsReporting(false)
                .context(Map.of("aws:cdk:enable-path-metadata", true, "aws:cdk:enable-asset-metadata", true))
                .build());
        AuthorizationExampleStack stack = new AuthorizationExampleStack(app, "AuthorizationExampleStack", reporterCode);
        assertEquals(6, stack.getApi().getRoutes().size());
        assertTrue(Token.isUnresolved(stack.getReportingClient().getUserPoolClientId()), "addMachineClient() returns the client");

        app.synth();
        ObjectMapper json = new ObjectMapper();
        JsonNode actual = json.readTree(Files.readString(outdir.resolve("AuthorizationExampleStack.template.json")));
        JsonNode expected = json.readTree(Files.readString(Path.of(reference).resolveSibling("AuthorizationExampleStack.template.json")));
        List<String> lines = TemplateDiff.diff(expected, actual);
        assertTrue(lines.isEmpty(), () -> TemplateDiff.format("Java (Maven artifact), AuthorizationExampleStack", lines));
    }
}
