using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClinicApp.Tests.Benchmarks;

/// <summary>The database side of a piece of work, from EF Core's diagnostic events: for every statement, how many
/// times it ran and the time from its execution to its reader's disposal (the rows read and materialized).</summary>
public sealed class QueryProfile : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly ConcurrentDictionary<string, (int Count, double Milliseconds)> _byStatement = new();
    private readonly List<IDisposable> _subscriptions = [];

    public static async Task<IReadOnlyList<(string Sql, int Count, double Milliseconds)>> OfAsync(Func<Task> work)
    {
        var profile = new QueryProfile();
        using (DiagnosticListener.AllListeners.Subscribe(profile))
        {
            await work();
        }

        foreach (var subscription in profile._subscriptions)
        {
            subscription.Dispose();
        }

        return profile._byStatement.Select(p => (p.Key, p.Value.Count, p.Value.Milliseconds)).OrderByDescending(p => p.Milliseconds).ToList();
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            lock (_subscriptions)
            {
                _subscriptions.Add(listener.Subscribe(this));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is DataReaderDisposingEventData disposing)
        {
            var sql = Shorten(disposing.Command.CommandText);
            _byStatement.AddOrUpdate(sql, (1, disposing.Duration.TotalMilliseconds), (_, p) => (p.Count + 1, p.Milliseconds + disposing.Duration.TotalMilliseconds));
        }
    }

    /// <summary>Enough of the statement to know it: what it selects from and its first condition.</summary>
    private static string Shorten(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var from = flat.IndexOf(" FROM ", StringComparison.Ordinal);
        return (from > 0 ? flat[from..] : flat) is var tail && tail.Length > 140 ? tail[..140] : tail;
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
