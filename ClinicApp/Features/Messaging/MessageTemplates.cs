using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ClinicApp.Data;
using ClinicApp.Data.Messaging;
using Microsoft.EntityFrameworkCore;

namespace ClinicApp.Features.Messaging;

/// <summary>The values a message's variables take, formatted for the tutor's language already.</summary>
public sealed record MessageValues(
    string? Tutor = null,
    string? Pet = null,
    string? Date = null,
    string? Time = null,
    string? Vet = null,
    string? Hospital = null,
    string? Link = null)
{
    public string? this[string variable] => variable switch
    {
        "tutor" => Tutor,
        "pet" => Pet,
        "date" => Date,
        "time" => Time,
        "vet" => Vet,
        "hospital" => Hospital,
        "link" => Link,
        _ => null,
    };
}

/// <summary>A message ready to queue: the text, and the approved template to send instead when the
/// hospital has one for the kind (its variables in <see cref="MessageTemplates.Variables"/> order).</summary>
public sealed record RenderedMessage(string Body, string? ContentSid, string? ContentVariables);

/// <summary>The texts of WhatsApp messages: the hospital's own (<see cref="MessageTemplate"/>) or the
/// app's default, per kind and language, with variables in braces.</summary>
public static partial class MessageTemplates
{
    /// <summary>Every variable a template may use, in the order a Content Template numbers them.</summary>
    public static IReadOnlyList<string> Variables { get; } = ["tutor", "pet", "date", "time", "vet", "hospital", "link"];

    /// <summary>The kinds an admin edits (manual and test messages have no template).</summary>
    public static IReadOnlyList<MessageKind> Editable { get; } =
        [MessageKind.AppointmentReminder, MessageKind.VaccinationDue, MessageKind.PaymentLink, MessageKind.ExamReady, MessageKind.FollowUp, MessageKind.PortalInvite];

    public static IReadOnlyList<string> Cultures { get; } = ["pt-BR", "en"];

    private static readonly FrozenDictionary<(MessageKind, string), string> Defaults = new Dictionary<(MessageKind, string), string>
    {
        [(MessageKind.AppointmentReminder, "pt-BR")] = "Olá, {tutor}! Lembrete da consulta de {pet} no {hospital}: {date} às {time} com {vet}. Responda 1 para confirmar ou 2 para cancelar.",
        [(MessageKind.AppointmentReminder, "en")] = "Hello, {tutor}! A reminder of {pet}'s appointment at {hospital}: {date} at {time} with {vet}. Reply 1 to confirm or 2 to cancel.",
        [(MessageKind.VaccinationDue, "pt-BR")] = "Olá, {tutor}! A vacina de {pet} vence em {date}. Agende a aplicação com o {hospital}.",
        [(MessageKind.VaccinationDue, "en")] = "Hello, {tutor}! {pet}'s vaccination is due on {date}. Book it with {hospital}.",
        [(MessageKind.PaymentLink, "pt-BR")] = "Olá, {tutor}! Segue o link para pagamento da fatura de {pet} no {hospital}: {link}",
        [(MessageKind.PaymentLink, "en")] = "Hello, {tutor}! Here is the link to pay {pet}'s invoice at {hospital}: {link}",
        [(MessageKind.ExamReady, "pt-BR")] = "Olá, {tutor}! O resultado do exame de {pet} está pronto no {hospital}.",
        [(MessageKind.ExamReady, "en")] = "Hello, {tutor}! {pet}'s exam result is ready at {hospital}.",
        [(MessageKind.FollowUp, "pt-BR")] = "Olá, {tutor}! {pet} teve alta no {hospital}. Como ele está? Qualquer dúvida, responda esta mensagem.",
        [(MessageKind.PortalInvite, "pt-BR")] = "Olá, {tutor}! O {hospital} convidou você para o portal do tutor: consultas, faturas, vacinas e documentos dos seus pets. Crie sua senha (link válido por 72 horas): {link}",
        [(MessageKind.PortalInvite, "en")] = "Hello, {tutor}! {hospital} invited you to the tutor portal: your pets' appointments, invoices, vaccinations and documents. Choose your password (the link is valid for 72 hours): {link}",
        [(MessageKind.FollowUp, "en")] = "Hello, {tutor}! {pet} was discharged from {hospital}. How is {pet} doing? Reply to this message with any question.",
    }.ToFrozenDictionary();

    /// <summary>The app's default text of a kind in a language (English when the language has none).</summary>
    public static string Default(MessageKind kind, string culture) =>
        Defaults.TryGetValue((kind, culture), out var text) ? text
        : Defaults.TryGetValue((kind, "en"), out var english) ? english
        : "{tutor}";

    /// <summary>The variables of a text that are not known ("{tutr}"), each once, in order of appearance.</summary>
    public static IReadOnlyList<string> UnknownVariables(string body) =>
        Placeholder().Matches(body).Select(m => m.Groups[1].Value).Where(v => !Variables.Contains(v)).Distinct().ToList();

    /// <summary>Fills a text's variables; a variable without a value becomes empty.</summary>
    public static string Fill(string body, MessageValues values) =>
        Placeholder().Replace(body, m => values[m.Groups[1].Value] ?? "");

    /// <summary>The hospital's text of <paramref name="kind"/> in <paramref name="culture"/> (its own or the default), filled.</summary>
    public static async Task<RenderedMessage> RenderAsync(ClinicDbContext db, MessageKind kind, string culture, MessageValues values, CancellationToken ct = default)
    {
        var own = await db.MessageTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Kind == kind && t.Culture == culture, ct);
        var body = Fill(own?.Body ?? Default(kind, culture), values);
        if (string.IsNullOrWhiteSpace(own?.ContentSid))
        {
            return new RenderedMessage(body, null, null);
        }

        var numbered = Variables.Select((name, i) => (Key: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Value: values[name] ?? ""))
            .ToDictionary(p => p.Key, p => p.Value);
        return new RenderedMessage(body, own.ContentSid, System.Text.Json.JsonSerializer.Serialize(numbered));
    }

    [GeneratedRegex(@"\{([A-Za-z_]+)\}")]
    private static partial Regex Placeholder();
}
