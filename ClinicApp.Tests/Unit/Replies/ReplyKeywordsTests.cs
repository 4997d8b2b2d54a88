using ClinicApp.Features.Replies;

namespace ClinicApp.Tests.Unit.Replies;

public sealed class ReplyKeywordsTests
{
    [Theory]
    [InlineData("1", ReplyIntent.Confirm)]
    [InlineData("SIM", ReplyIntent.Confirm)]
    [InlineData(" Confirmo! ", ReplyIntent.Confirm)]
    [InlineData("confirmar", ReplyIntent.Confirm)]
    [InlineData("2", ReplyIntent.Cancel)]
    [InlineData("Não", ReplyIntent.Cancel)]
    [InlineData("nao", ReplyIntent.Cancel)]
    [InlineData("NÃO.", ReplyIntent.Cancel)]
    [InlineData("Cancelar", ReplyIntent.Cancel)]
    [InlineData("cancela", ReplyIntent.Cancel)]
    [InlineData("Sair", ReplyIntent.OptOut)]
    [InlineData("STOP", ReplyIntent.OptOut)]
    [InlineData("parar", ReplyIntent.OptOut)]
    [InlineData("não posso ir, pode ser sexta?", ReplyIntent.Other)]
    [InlineData("12", ReplyIntent.Other)]
    [InlineData("", ReplyIntent.Other)]
    [InlineData(null, ReplyIntent.Other)]
    public void The_whole_answer_is_read_ignoring_case_accents_and_punctuation(string? body, ReplyIntent expected) =>
        Assert.Equal(expected, ReplyKeywords.Read(body, null));

    [Theory]
    [InlineData("confirm", "2", ReplyIntent.Confirm)]
    [InlineData("CANCEL", "sim", ReplyIntent.Cancel)]
    [InlineData("some-other-button", "1", ReplyIntent.Confirm)]
    public void A_known_button_payload_wins_over_the_text(string payload, string body, ReplyIntent expected) =>
        Assert.Equal(expected, ReplyKeywords.Read(body, payload));
}
