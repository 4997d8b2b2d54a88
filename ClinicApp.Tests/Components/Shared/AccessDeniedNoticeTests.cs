using Bunit;
using ClinicApp.Components.Shared;
using ClinicApp.Tests.Support;

namespace ClinicApp.Tests.Components.Shared;

public sealed class AccessDeniedNoticeTests : ComponentTestContext
{
    [Fact]
    public void The_notice_explains_the_refusal_in_portuguese()
    {
        using var _ = new CultureScope("pt-BR");

        var cut = Render<AccessDeniedNotice>();

        var notice = cut.Find("[data-testid=access-denied]");
        Assert.Contains("Acesso negado", notice.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("AccessDenied.", notice.TextContent, StringComparison.Ordinal);
        Assert.Contains("mud-alert", notice.ClassList);
    }

    [Fact]
    public void The_notice_explains_the_refusal_in_english()
    {
        using var _ = new CultureScope("en");

        var cut = Render<AccessDeniedNotice>();

        var text = cut.Find("[data-testid=access-denied]").TextContent;
        Assert.Contains("Access denied", text, StringComparison.Ordinal);
        Assert.Contains("Your role does not allow this page.", text, StringComparison.Ordinal);
    }
}
