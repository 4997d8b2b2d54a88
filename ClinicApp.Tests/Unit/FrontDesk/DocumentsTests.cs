using ClinicApp.Common;
using ClinicApp.Data.Common;
using ClinicApp.Features.Tutors;

namespace ClinicApp.Tests.Unit.FrontDesk;

public sealed class DocumentsTests
{
    [Theory]
    [InlineData("529.982.247-25", "52998224725")]
    [InlineData("52998224725", "52998224725")]
    [InlineData(" 529 982 247 25 ", "52998224725")]
    public void A_valid_cpf_is_read_with_or_without_punctuation(string typed, string digits) =>
        Assert.Equal(digits, Cpf.Parse(typed));

    [Theory]
    [InlineData("529.982.247-24")] // wrong second check digit
    [InlineData("529.982.247-15")] // wrong first check digit
    [InlineData("111.111.111-11")] // repeated digits pass the arithmetic but are not issued
    [InlineData("5299822472")]
    [InlineData("529982247250")]
    [InlineData("529.982.247-2a")]
    [InlineData("")]
    [InlineData(null)]
    public void An_invalid_cpf_is_refused(string? typed) => Assert.Null(Cpf.Parse(typed));

    [Fact]
    public void Completing_nine_digits_gives_a_valid_cpf_and_formatting_punctuates_it()
    {
        var cpf = Cpf.Complete("529982247");

        Assert.Equal("52998224725", cpf);
        Assert.Equal("529.982.247-25", Cpf.Format(cpf));
        Assert.All(Enumerable.Range(100_000_000, 50).Select(n => Cpf.Complete(n.ToString(System.Globalization.CultureInfo.InvariantCulture))), c => Assert.True(Cpf.IsValid(c)));
    }

    [Theory]
    [InlineData("(11) 98765-4321", "+5511987654321")]
    [InlineData("11987654321", "+5511987654321")]
    [InlineData("+55 21 3333-4444", "+552133334444")]
    [InlineData("0xx11 98765 4321", "+5511987654321")]
    [InlineData("+1 650-253-0000", "+16502530000")]
    public void Phones_typed_at_the_desk_become_e164(string typed, string e164) => Assert.Equal(e164, Phones.ToE164(typed));

    [Theory]
    [InlineData("1234")]
    [InlineData("(11) 1234")]
    [InlineData("abc")]
    [InlineData("")]
    public void Phones_that_cannot_be_dialled_are_refused(string typed) => Assert.Null(Phones.ToE164(typed));

    [Fact]
    public void A_brazilian_number_is_shown_nationally_and_a_foreign_one_internationally()
    {
        Assert.Equal("(11) 98765-4321", Phones.Display("+5511987654321"));
        Assert.StartsWith("+1 650", Phones.Display("+16502530000"), StringComparison.Ordinal);
        Assert.True(Phones.IsMobile("+5511987654321"));
        Assert.False(Phones.IsMobile("+552133334444"));
    }

    [Theory]
    [InlineData("José  da Silva-Ramos", "jose da silva ramos")]
    [InlineData("  CONCEIÇÃO ", "conceicao")]
    [InlineData("Ñandú & Müller", "nandu muller")]
    [InlineData("", "")]
    public void Search_text_forgets_accents_case_and_punctuation(string text, string normalized) =>
        Assert.Equal(normalized, SearchText.Normalize(text));

    [Theory]
    [InlineData("123.456", new[] { "123456" })]
    [InlineData("(11) 98765-43", new[] { "119876543" })]
    [InlineData("João  SILVA", new[] { "joao", "silva" })]
    [InlineData("Thor 2", new[] { "thor", "2" })]
    [InlineData("   ", new string[0])]
    public void A_search_of_digits_and_punctuation_is_one_number_and_anything_else_is_words(string search, string[] words) =>
        Assert.Equal(words, SearchText.Words(search));
}
