using System.Text.RegularExpressions;
using Bunit;
using ClinicApp.Components.Shared;
using ClinicApp.Tests.Support;
using ClinicApp.Tests.Unit.Localization;
using MudBlazor;

namespace ClinicApp.Tests.Components.Shared;

/// <summary>MudBlazor's own words on a table (pager, "Loading…") in the reader's language: they were
/// English in the pt-BR UI ("Rows per page", "1-16 of 16" on the medication list).</summary>
public sealed partial class MudBlazorTextsTests : ComponentTestContext, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's pointer-events service only disposes asynchronously; xunit would dispose the context synchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Theory]
    [InlineData("pt-BR", "Linhas por página", "1-16 de 16", "Rows per page")]
    [InlineData("en", "Rows per page", "1-16 of 16", "Linhas por página")]
    public void A_table_pager_speaks_the_readers_language(string culture, string rowsPerPage, string info, string otherLanguage)
    {
        using var _ = new CultureScope(culture);
        Render<MudPopoverProvider>();

        var cut = Render<MudTable<int>>(table => table
            .Add(t => t.Items, Enumerable.Range(1, 16))
            .Add(t => t.RowsPerPage, 25)
            .Add(t => t.RowTemplate, (int n) => builder => builder.AddContent(0, n))
            .Add(t => t.PagerContent, builder =>
            {
                builder.OpenComponent<TablePager>(0);
                builder.CloseComponent();
            }));

        var text = cut.Find(".mud-table-pagination").TextContent;
        Assert.Contains(rowsPerPage, text, StringComparison.Ordinal);
        Assert.Contains(info, text, StringComparison.Ordinal);
        Assert.DoesNotContain(otherLanguage, text, StringComparison.Ordinal);
    }

    [Fact]
    public void MudBlazors_own_texts_come_from_the_apps_translation()
    {
        using var _ = new CultureScope("pt-BR");

        var cut = Render<MudTable<int>>(table => table
            .Add(t => t.Items, [])
            .Add(t => t.Loading, true)
            .Add(t => t.RowTemplate, (int n) => builder => builder.AddContent(0, n))
            .Add(t => t.PagerContent, builder =>
            {
                builder.OpenComponent<TablePager>(0);
                builder.CloseComponent();
            }));

        Assert.Contains("Carregando…", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Próxima página\"", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Loading", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Next page", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_table_uses_the_translated_pager()
    {
        var root = Path.Combine(ResourceAreas.RepositoryRoot, "ClinicApp");
        var pagerFile = Path.Combine(root, "Components", "Shared", "TablePager.razor");
        var offenders = Directory.EnumerateFiles(root, "*.razor", SearchOption.AllDirectories)
            .Where(f => f != pagerFile && MudPager().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();

        Assert.Empty(offenders);
    }

    [GeneratedRegex(@"<MudTablePager\b")]
    private static partial Regex MudPager();
}
