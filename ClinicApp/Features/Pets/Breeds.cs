using ClinicApp.Data.Common;
using ClinicApp.Data.FrontDesk;

namespace ClinicApp.Features.Pets;

/// <summary>Breeds most seen at Brazilian small-animal clinics, as the desk writes them. Only
/// suggestions: any breed may be typed.</summary>
public static class Breeds
{
    private static readonly string[] Dogs =
    [
        "SRD (sem raça definida)", "Shih-tzu", "Lhasa Apso", "Yorkshire", "Golden Retriever", "Labrador", "Pinscher", "Poodle",
        "Bulldog Francês", "Bulldog Inglês", "Spitz Alemão", "Border Collie", "Pastor Alemão", "Rottweiler", "Pug", "Dachshund",
        "Maltês", "Beagle", "Chihuahua", "Schnauzer", "Cocker Spaniel", "Pit Bull", "Husky Siberiano", "Boxer", "Akita",
        "Chow Chow", "Dálmata", "Fila Brasileiro", "Jack Russell Terrier", "Weimaraner",
    ];

    private static readonly string[] Cats =
    [
        "SRD (sem raça definida)", "Siamês", "Persa", "Maine Coon", "Angorá", "Sphynx", "Bengal", "Ragdoll", "British Shorthair",
        "Himalaio", "Exótico", "Azul Russo", "Sagrado da Birmânia", "Scottish Fold",
    ];

    private static readonly string[] Others = ["SRD (sem raça definida)"];

    public static IReadOnlyList<string> Of(Species species) => species switch
    {
        Species.Dog => Dogs,
        Species.Cat => Cats,
        _ => Others,
    };

    /// <summary>The breeds of a species whose name contains every word typed, accents and case aside.</summary>
    public static IEnumerable<string> Matching(Species species, string? typed)
    {
        var words = SearchText.Normalize(typed ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Of(species).Where(b => words.All(SearchText.Normalize(b).Contains));
    }
}
