using System.Resources;
using ClinicApp.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClinicApp.Tests.Unit.Localization;

/// <summary>The localizer the app injects, as the app registers it, against the resource files on
/// disk: an area file left out of the build (or its translation) shows up here.</summary>
public sealed class AreaResourceLocalizerTests
{
    private static IStringLocalizer<SharedResource> Localizer()
    {
        var services = new ServiceCollection().AddClinicTexts().BuildServiceProvider();
        return services.GetRequiredService<IStringLocalizer<SharedResource>>();
    }

    [Theory]
    [InlineData("en", "")]
    [InlineData("pt-BR", "pt-BR")]
    public void Every_text_of_every_area_file_is_served_in_its_language(string culture, string fileCulture)
    {
        var localizer = Localizer();
        var files = ResourceAreas.Files.Where(f => f.Culture == fileCulture).ToList();
        using var _ = new CultureScope(culture);

        var wrong = files
            .SelectMany(file => file.Texts.Select(text => (file.Name, Expected: text.Value, Served: localizer[text.Key])))
            .Where(t => t.Served.ResourceNotFound || t.Served.Value != t.Expected)
            .Select(t => $"{t.Served.Name} ({t.Name}): \"{t.Served.Value}\"");

        Assert.Equal(ResourceAreas.Files.Select(f => f.Area).Distinct().Count(), files.Count);
        Assert.Empty(wrong);
    }

    [Fact]
    public void Every_area_file_is_compiled_into_the_app()
    {
        var compiled = AreaResourceLocalizer.Shared.AreaNames.Select(n => n.Split('.')[^1]).Order(StringComparer.Ordinal);

        Assert.Equal(ResourceAreas.Files.Select(f => f.Area).Distinct().Order(StringComparer.Ordinal), compiled);
    }

    [Theory]
    [InlineData("fr-FR")]
    [InlineData("pt-PT")]
    public void A_language_without_its_own_files_reads_english(string culture)
    {
        var localizer = Localizer();
        using var _ = new CultureScope(culture);

        Assert.Equal("Access denied", localizer["AccessDenied.Title"].Value);
    }

    [Theory]
    [InlineData("en", "Rex admitted.")]
    [InlineData("pt-BR", "Rex internado(a).")]
    public void Arguments_fill_the_text_of_the_readers_language(string culture, string expected)
    {
        var localizer = Localizer();
        using var _ = new CultureScope(culture);

        var text = localizer["Admit.Done", "Rex"];

        Assert.False(text.ResourceNotFound);
        Assert.Equal(expected, text.Value);
    }

    [Fact]
    public void An_unknown_key_shows_as_itself()
    {
        var localizer = Localizer();

        Assert.True(localizer["Nowhere.Key"].ResourceNotFound);
        Assert.Equal("Nowhere.Key", localizer["Nowhere.Key"].Value);
        Assert.True(localizer["Nowhere.{0}", 7].ResourceNotFound);
        Assert.Equal("Nowhere.7", localizer["Nowhere.{0}", 7].Value);
    }

    [Fact]
    public void All_strings_are_every_key_in_the_readers_language()
    {
        var localizer = Localizer();
        var portuguese = ResourceAreas.Files.Where(f => f.Culture == "pt-BR").SelectMany(f => f.Texts).ToDictionary(StringComparer.Ordinal);
        using var _ = new CultureScope("pt-BR");

        var all = localizer.GetAllStrings(includeParentCultures: true).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);
        var own = localizer.GetAllStrings(includeParentCultures: false).ToDictionary(s => s.Name, s => s.Value, StringComparer.Ordinal);

        Assert.Equal(portuguese.OrderBy(t => t.Key, StringComparer.Ordinal), all.OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Equal(portuguese.OrderBy(t => t.Key, StringComparer.Ordinal), own.OrderBy(t => t.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void A_key_in_two_areas_is_refused_when_the_texts_are_indexed()
    {
        var assembly = typeof(SharedResource).Assembly;
        var area = AreaResourceLocalizer.Shared.AreaNames.First();

        var refusal = Assert.Throws<InvalidOperationException>(() =>
            new AreaResourceLocalizer([new ResourceManager(area, assembly), new ResourceManager(area, assembly)]));

        Assert.Contains(area, refusal.Message, StringComparison.Ordinal);
    }
}
