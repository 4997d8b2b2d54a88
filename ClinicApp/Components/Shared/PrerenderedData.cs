using Microsoft.AspNetCore.Components;

namespace ClinicApp.Components.Shared;

/// <summary>Hands what a screen loaded while prerendering to its interactive render, so its queries run once
/// per visit. Unlike <c>[PersistentState]</c>, which keeps the restored value for the component's lifetime,
/// nothing is kept once taken: a screen that swaps the copy for shared data (the board) holds no second copy.
/// Create it in <c>OnInitialized</c>; dispose it with the component.</summary>
public sealed class PrerenderedData<T> : IDisposable
    where T : class
{
    private readonly PersistentComponentState _state;
    private readonly string _key;
    private readonly PersistingComponentStateSubscription? _persisting;

    /// <param name="key">Unique among the components of a page.</param>
    /// <param name="current">What to hand over when the prerendered page is sent.</param>
    public PrerenderedData(PersistentComponentState state, string key, bool interactive, Func<T?> current)
    {
        _state = state;
        _key = key;
        if (!interactive)
        {
            _persisting = state.RegisterOnPersisting(() =>
            {
                if (current() is { } value)
                {
                    state.PersistAsJson(_key, value);
                }

                return Task.CompletedTask;
            });
        }
    }

    /// <summary>The data the prerender handed over, once; null when there is none (no prerender, or taken).</summary>
    public T? Take() => _state.TryTakeFromJson<T>(_key, out var value) ? value : null;

    public void Dispose() => _persisting?.Dispose();
}
