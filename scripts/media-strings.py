#!/usr/bin/env python3
"""Writes the media library's UI strings (nb, nn) to src/Cms/Resources/Media/MediaText.{nb,nn}.resx.
The table below is the source; run this after editing it."""
import xml.etree.ElementTree as ET
from pathlib import Path

S = {
 "MediaLibrary": ("Mediebibliotek", "Mediebibliotek"),
 "MediaIntro": ("Bilder, video, lyd, dokumenter og teksting som programmene bruker. Filtypen avgjøres av innholdet, ikke av navnet.", "Bilete, video, lyd, dokument og teksting som programma brukar. Filtypen vert avgjord av innhaldet, ikkje av namnet."),
 "Upload": ("Last opp", "Last opp"),
 "UploadHeading": ("Last opp filer", "Last opp filer"),
 "ChooseFiles": ("Velg filer", "Vel filer"),
 "UploadHelp": ("Tillatt: JPEG, PNG, WebP, GIF, MP4, MOV, WebM, MP3, M4A, WAV, PDF og WebVTT. Store filer lastes opp i biter og fortsetter der de stoppet.", "Tillate: JPEG, PNG, WebP, GIF, MP4, MOV, WebM, MP3, M4A, WAV, PDF og WebVTT. Store filer vert lasta opp i bitar og held fram der dei stoppa."),
 "Uploading": ("Laster opp", "Lastar opp"),
 "Processing": ("Behandler", "Handsamar"),
 "Ready": ("Klar", "Klar"),
 "Failed": ("Feilet", "Feila"),
 "Uploaded": ("Lastet opp", "Lasta opp"),
 "Pending": ("Venter", "Ventar"),
 "Refused": ("Avvist", "Avvist"),
 "Search": ("Søk", "Søk"),
 "Filter": ("Filtrer", "Filtrer"),
 "Filters": ("Søk og filtre", "Søk og filter"),
 "Kind": ("Type", "Type"),
 "AllKinds": ("Alle typer", "Alle typar"),
 "Kind_Image": ("Bilde", "Bilete"),
 "Kind_Video": ("Video", "Video"),
 "Kind_Audio": ("Lyd", "Lyd"),
 "Kind_Document": ("Dokument", "Dokument"),
 "Kind_Captions": ("Teksting", "Teksting"),
 "Language": ("Språk", "Språk"),
 "AllLanguages": ("Alle språk", "Alle språk"),
 "Lang_nb": ("Bokmål", "Bokmål"),
 "Lang_nn": ("Nynorsk", "Nynorsk"),
 "MissingCaptionsFilter": ("Mangler teksting", "Manglar teksting"),
 "UnusedFilter": ("Ikke i bruk", "Ikkje i bruk"),
 "View": ("Visning", "Vising"),
 "Grid": ("Rutenett", "Rutenett"),
 "List": ("Liste", "Liste"),
 "Results": ("{0} filer", "{0} filer"),
 "NoResults": ("Ingen filer passer til søket.", "Ingen filer passar til søket."),
 "Name": ("Navn", "Namn"),
 "Status": ("Status", "Status"),
 "Captions": ("Teksting", "Teksting"),
 "Used": ("Brukt", "Brukt"),
 "Updated": ("Oppdatert", "Oppdatert"),
 "UsedTimes": ("{0} steder", "{0} stader"),
 "NotUsed": ("Ikke i bruk", "Ikkje i bruk"),
 "MissingLanguages": ("Mangler: {0}", "Manglar: {0}"),
 "CaptionsComplete": ("Alle språk", "Alle språk"),
 "Details": ("Detaljer", "Detaljar"),
 "Back": ("Tilbake til mediebiblioteket", "Tilbake til mediebiblioteket"),
 "Facts": ("Fakta", "Fakta"),
 "Key": ("Nøkkel (brukes i innhold)", "Nøkkel (vert brukt i innhald)"),
 "ContentType": ("Filformat", "Filformat"),
 "Size": ("Størrelse", "Storleik"),
 "Duration": ("Lengde", "Lengd"),
 "Dimensions": ("Mål", "Mål"),
 "UploadedBy": ("Lastet opp av", "Lasta opp av"),
 "FileUrl": ("Fil-URL", "Fil-URL"),
 "Renditions": ("Versjoner", "Versjonar"),
 "Job": ("Behandling", "Handsaming"),
 "JobProgress": ("Behandling av {0}", "Handsaming av {0}"),
 "UploadProgress": ("Opplasting av {0}", "Opplasting av {0}"),
 "Retry": ("Prøv igjen", "Prøv igjen"),
 "AltText": ("Alternativ tekst", "Alternativ tekst"),
 "AltTextHelp": ("Beskriv hva bildet viser for den som ikke ser det.", "Skildra kva biletet viser for den som ikkje ser det."),
 "AltTextIn": ("Alternativ tekst på {0}", "Alternativ tekst på {0}"),
 "Transcript": ("Transkripsjon", "Transkripsjon"),
 "TranscriptIn": ("Transkripsjon på {0}", "Transkripsjon på {0}"),
 "Save": ("Lagre", "Lagre"),
 "Saved": ("Lagret.", "Lagra."),
 "CaptionsHelp": ("Video må ha teksting på alle programspråk før den kan publiseres (WebVTT, .vtt).", "Video må ha teksting på alle programspråka før han kan publiserast (WebVTT, .vtt)."),
 "CaptionsMissing": ("Mangler teksting på: {0}", "Manglar teksting på: {0}"),
 "CaptionsAllPresent": ("Teksting finnes på alle påkrevde språk.", "Teksting finst på alle påkravde språk."),
 "CaptionsFileIn": ("Tekstingsfil på {0}", "Tekstingsfil på {0}"),
 "Missing": ("Mangler", "Manglar"),
 "UploadCaptions": ("Last opp teksting", "Last opp teksting"),
 "CaptionsSaved": ("Tekstingen på {0} er lagret.", "Tekstinga på {0} er lagra."),
 "CaptionsInvalid": ("Tekstingsfilen har feil:", "Tekstingsfila har feil:"),
 "LineProblem": ("Linje {0}: {1}", "Linje {0}: {1}"),
 "ChooseFile": ("Velg en fil først.", "Vel ei fil først."),
 "WhereUsed": ("Hvor filen brukes", "Kvar fila vert brukt"),
 "NotUsedAnywhere": ("Filen brukes ikke noe sted.", "Fila vert ikkje brukt nokon stad."),
 "UseDraft": ("Utkast", "Utkast"),
 "UseRelease": ("Publisert versjon {0}", "Publisert versjon {0}"),
 "UseAsset": ("Teksting til video", "Teksting til video"),
 "Replace": ("Bytt fil", "Byt fil"),
 "ReplaceHelp": ("Den nye filen beholder nøkkelen, så alt innhold som bruker den, får den nye filen. Publiserte versjoner beholder den gamle.", "Den nye fila beheld nøkkelen, så alt innhald som brukar ho, får den nye fila. Publiserte versjonar beheld den gamle."),
 "NewFile": ("Ny fil", "Ny fil"),
 "Delete": ("Slett", "Slett"),
 "DeleteHelp": ("Filen brukes ikke og kan slettes.", "Fila vert ikkje brukt og kan slettast."),
 "CannotDelete": ("Filen er i bruk og kan ikke slettes. Fjern den fra innholdet først.", "Fila er i bruk og kan ikkje slettast. Fjern ho frå innhaldet først."),
 "Deleted": ("Filen er slettet.", "Fila er sletta."),
 "Preview": ("Forhåndsvisning", "Førehandsvising"),
 "OpenTranscript": ("Les transkripsjonen", "Les transkripsjonen"),
 "EditorsOnly": ("Bare redaktører kan laste opp og endre filer.", "Berre redaktørar kan laste opp og endre filer."),
 "Thumbnail": ("Miniatyrbilde", "Miniatyrbilete"),
 "PickerResults": ("{0} treff", "{0} treff"),
 "PickerFirstResults": ("Viser {0} av {1} treff. Søk mer presist for å finne resten.", "Viser {0} av {1} treff. Søk meir presist for å finne resten."),
 "Pick": ("Velg", "Vel"),
 "PickNamed": ("Velg {0}", "Vel {0}"),
}

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
</root>
"""
root = Path(__file__).resolve().parent.parent / "src/Cms/Resources/Media"
root.mkdir(parents=True, exist_ok=True)
for i, lang in enumerate(["nb", "nn"]):
    tree = ET.ElementTree(ET.fromstring(HEADER))
    r = tree.getroot()
    for key in sorted(S, key=str.lower):
        d = ET.SubElement(r, "data", {"name": key, "xml:space": "preserve"})
        ET.SubElement(d, "value").text = S[key][i]
    ET.indent(tree, space="  ")
    tree.write(root / f"MediaText.{lang}.resx", encoding="utf-8", xml_declaration=True)
print("wrote", len(S), "strings")
