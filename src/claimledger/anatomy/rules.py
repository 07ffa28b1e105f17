"""The boilerplate rule table: one regex per kind of non-article line, with a size cap.

Each rule names the *reason* a block is not article text (it becomes ``Block.boilerplate``
and the finding's explanation) and the largest block, in words, it may mark: comment
prompts are a few words, a newsletter pitch a couple of sentences, and no rule may ever
swallow a real paragraph just because it mentions "newsletter" or "podcast".  Rules match
the block text as a whole (anchored at its start) unless they say otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

IC = re.IGNORECASE


@dataclass(frozen=True)
class Rule:
    reason: str
    pattern: re.Pattern[str]
    max_words: int
    search: bool = False  # match anywhere in the block instead of at its start
    inside: bool = True  # sentence rules: also a finding inside an article paragraph (else only a whole block)

    def matches(self, text: str, n_words: int) -> bool:
        if n_words > self.max_words:
            return False
        return bool(self.pattern.search(text) if self.search else self.pattern.match(text))


_AGENCIES = r"(?:Getty Images|AFP|AP|AP Photo|Reuters|EPA|EPA-EFE|Shutterstock|iStock(?:photo)?|Alamy|Bloomberg|PA|PA Images|Xinhua|Sipa|Rex Features|NurPhoto)"

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
          r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?\s?m\.?|\d{1,2}:\d{2}"
_ZONE = r"(?:\s*(?:[A-Z]{2,4}|local time|local))?"
BARE_DATE = (rf"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}"
             rf"|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})")

# A timeline entry opens with its date ("March 3 - ...", "- Jan. 12: ...", "On Monday, ...", "2019: ...", "12/03 ...").
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE_LEAD = re.compile(
    rf"(?:(?:on|in|by|since|early|late|mid-?|from)\s+)?(?:{_WEEKDAY},?\s+)?(?:(?:{_MONTH}\s+{_DAY}|{_DAY}\s+(?:of\s+)?{_MONTH})"
    rf"(?:,?\s+(?:19|20)\d{{2}})?|{_MONTH}\s+(?:19|20)\d{{2}}|(?:19|20)\d{{2}}(?:-\d{{2}}-\d{{2}})?|{_WEEKDAY}"
    rf"|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)(?:\s*(?:,|:|[-–—|])\s*|\s+(?=[A-Za-z]))", IC)
# Labels of a section that is the article's own: its dated entries or its summary, never links elsewhere.
CONTENT_LABEL = re.compile(
    r"(?:(?:the|a|story|full|brief|quick)\s+)?(?:timeline|chronology|key dates|what we know(?: so far| now)?"
    r"|what we don'?t know(?: yet)?|how (?:it|the [\w-]+(?: [\w-]+)?) unfolded)\b[^.!?\n]{0,60}$", IC)

# Shared with the sentence rules (``sentence_rules``): these read the same as a block or a sentence.
CORRECTION_NOTES: tuple[Rule, ...] = (
    Rule("correction note", re.compile(
        r"[(\[]?(?:corrections?|clarifications?|correction (?:and|&) clarification)\s*(?:\([^)]{0,40}\))?\s*[:—–]"
        r"|(?:an? (?:earlier|previous|prior)|the original) version of this (?:story|article|report|post|piece|item|headline)\b"
        r"|this (?:story|article|report|post|piece|item|headline)\b[^.\n]{0,40}\b(?:has been|was|had been|is being) "
        r"(?:corrected|amended|clarified)\b", IC), 90),
    Rule("editor's note", re.compile(r"[(\[]?editors?['’]?s?['’]? note\s*[:—–]", IC), 90),
    Rule("update note", re.compile(
        r"[(\[]?(?:this (?:story|article|report|post|piece|item|page)\b[^.\n]{0,30}\b(?:has been|was|will be|is being|may be) "
        r"updated\b|(?:this is a )?(?:developing|breaking)(?: news)? story\b|check back (?:later |soon |here )?for "
        r"(?:updates|more)\b|(?:this (?:story|post) )?(?:will be|is being) updated\b|updated (?:to (?:include|add|reflect"
        r"|correct|clarify)|with (?:additional|more|new|further|the latest|comments?|details|information))\b"
        r"|refresh (?:this page )?for (?:the latest )?updates\b"
        r"|updated?\b(?:[^:\n]|(?<=\d):(?=\d)){0,30}:\s*(?:this (?:story|article|post|report)|an earlier version)\b)", IC), 40),
)
CONTACT = re.compile(
    r"(?:have a (?:news )?tip|got a (?:news )?tip|send us (?:a |your )?tips?|contact (?:the )?(?:author|reporter|writer)"
    r"|(?:please\s+)?(?:contact|reach|e-?mail|write to|message|call|text)\s+(?:him|her|them|me|us|(?:the |our )?(?:author"
    r"|reporters?|writers?|columnist|newsroom|editors?|desk|tip ?line))\b"
    r"|to report (?:a|an) (?:typo|error|correction|mistake)\b|(?:spotted|see|notice|found) (?:a|an) (?:typo|error|mistake)\?"
    r"|(?:send|share|submit) (?:us )?(?:your )?(?:news )?(?:tips?|story ideas?|feedback|corrections?)\b[^\n]{0,80}\b(?:to|at|us|our)\b"
    r"|(?:questions|comments|feedback|news tips?|story ideas?)\s*\?\s*(?:e-?mail|contact|write|call|send|tell|reach)\b"
    r"|(?:you can )?(?:reach|contact|e-?mail) (?:him|her|them|the (?:author|reporter|writer)) at\b"
    r"|follow (?:him|her|them|me|us|the author)\b|[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,2} (?:can|may) be (?:reached|contacted) at)",
    IC)
# A wire credit names people ("Reporting by Ana Lima; Editing by Tom Hogue"): a capital after "by", and short
# unless it lists several roles; "Reporting by local outlets suggested ..." is a sentence of the story.
WIRE_CREDIT = (r"[-–—\s]*\(?(?:(?:with )?(?:additional )?reporting (?:by|from)|(?:writing|editing|edited|compiled|research"
               r"|graphics?|production|fact[- ]check(?:ed|ing)|translat(?:ed|ion)) by)\s+(?-i:[A-Z])"
               r"(?=[^\n]*(?:;|\b(?:editing|writing|reporting|edited|compiled) by\b)|(?:\S+\s+){0,13}\S+\s*$)")
SOCIAL = re.compile(
    r"(?:follow|like|find|connect with)\b[^\n]{0,80}\bon (?:twitter|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky"
    r"|mastodon|(?-i:X))\b", IC)
BIO_BY_LINE = re.compile(
    r"(?-i:[A-Z])[\w'’.-]+(?: (?-i:[A-Z])[\w'’.-]+){1,2} (?:covers|reports on|writes about|is a (?:staff|senior) "
    r"(?:writer|reporter))\b[^\n]{0,140}\b(?:for|at) (?:the )?(?-i:[A-Z])[\w'’.-]+[^\n]{0,60}\.?\s*$", IC)

RULES: tuple[Rule, ...] = (
    # copyright first: a line opening with © is a notice, not a photo credit
    Rule("copyright line", re.compile(r"[©ⓒ]|(?:copyright|\(c\))\s*(?:©\s*)?[^\n]{0,80}\b(?:19|20)\d{2}\b", IC), 15),
    Rule("copyright line", re.compile(r"(?:(?:all )?(?:content|material|text|images|photos)\s+)?copyright\b[^\n]{0,60}"
                                      r"\b(?:ltd|llc|inc|media|plc|group|gmbh|corp"
                                      r"|corporation|limited|company)\b\.?\s*$", IC), 15),
    *CORRECTION_NOTES,
    # image credits and captions
    Rule("image credit", re.compile(
        r"(?:image|photo|picture|video|graphic|illustration|header image|featured image|top image|main image"
        r"|cover image|photograph|photo illustration)s?\s*(?:credits?|sources?|courtesy(?: of)?|by)?\s*[:：|]", IC), 40),
    Rule("image credit", re.compile(r"(?:image|photo|photograph|picture|video|illustration|graphic|animation|artwork)s? "
                                    r"(?:by|courtesy of|credits?)\b", IC), 30),
    Rule("image credit", re.compile(r"credits?\s*[:：]\s*\S", IC), 15),
    Rule("image credit", re.compile(rf"(?:\(\s*(?:photo:?\s*)?{_AGENCIES}[^)]{{0,60}}\)|/\s*{_AGENCIES}|\bvia {_AGENCIES}"
                                    rf"|[a-z.]\.{_AGENCIES}|(?:©|\(c\))\s*\w[^\n]{{0,60}})\s*$"), 45, search=True),
    # comment sections
    Rule("comment prompt", re.compile(
        r"(?:post|leave|add|write|submit|show|view|load|loading|hide|read|see|join|sort)\s+(?:a\s+|the\s+|all\s+|new\s+"
        r"|your\s+|our\s+|\d+\s+)?(?:comments?|reply|replies|responses?|discussion|conversation)\b", IC), 12),
    Rule("comment prompt", re.compile(
        r"(?:\d+\s+)?(?:comments?|replies|responses|reader comments|user comments|all comments|discussion)\s*"
        r"(?:\(\d+\)|\d+)?\s*[:.]?\s*$", IC), 4),
    Rule("comment prompt", re.compile(
        r"(?:comments are closed|commenting (?:is|has been) (?:closed|disabled)|comments? (?:is|are) (?:closed|disabled)"
        r"|want to join the discussion|feel free to contribute|be the first to comment|you must be logged in to"
        r"|your email address will not be published|show new comments|in reply to\b|tell us what you think"
        r"|join the (?:conversation|discussion)|what do you think\?|let us know (?:what you think|in the comments))", IC), 25),
    Rule("comment prompt", re.compile(r"[^\n]{0,200}\b(?:we(?:'d|’d| would) (?:like|love) to hear (?:what you think|from you)"
                                      r"|letters? to the editor\b[^\n]*\b(?:you|your)\b)", IC), 70, search=False),
    # related stories and navigation
    Rule("related links", re.compile(
        r"(?:also read|read more|read also|read next|more reading|related(?: posts?| stories| articles| coverage| content"
        r"| links| news| reading| topics| videos?| items)?|recommended(?: for you| reading| stories| articles| videos?)?"
        r"|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)|more from\b|more on (?:this|that)\b|more stories"
        r"|most (?:read|popular|viewed|shared|watched)|popular on\b|popular now|trending(?: now| stories| news)?"
        r"|don'?t miss|see also|also on\b|also see|explore further|further reading|what to read next|up next"
        r"|editor'?s picks|top stories|latest (?:news|stories|headlines)|watch next|more videos|must read|keep reading"
        r"|click here to read|recent posts|popular posts|related post)(?=\s*[:|.!…»>-]|\s*$|\s+(?-i:[A-Z\[(\"“'‘]))", IC), 30),
    Rule("related links", re.compile(r"(?:profile|timeline|explainer|q&a|in pictures|in depth|live)\s*:\s*[^.]*$|(?:story )?timeline\b[^.]*$", IC), 8),
    Rule("related links", re.compile(r"(?:also|see|watch|read|listen|watch live|listen live|gallery|in pictures|read next"
                                     r"|up next)\s*:\s+\S[^\n]*$", IC), 25),
    Rule("related links", re.compile(r"(?-i:MORE|VIDEO|PHOTOS|GALLERY|PODCAST|OPINION|ANALYSIS)\s*:\s+\S[^\n]*$"), 25),
    Rule("related links", re.compile(r"read more (?:from|by|about|on)\b[^\n]*$", IC), 8),
    Rule("related links", re.compile(
        r"(?:most (?:read|popular|viewed|shared|watched) (?:in|on) [\w' ]{1,30}|also on [\w-]+\.[a-z]{2,}\b[^\n]*"
        r"|in other news|elsewhere on [\w.' ]{1,40}|more (?:on|about) this (?:story|topic)|(?:top|more) headlines"
        r"|popular (?:stories|articles|posts|videos|right now|this week))\s*:?\s*$", IC), 30),
    Rule("related links", re.compile(r"[^\n]{5,200}\s\[(?-i:[A-Z][A-Z ]{1,15})\]\s*$"), 25),
    # newsletters, subscriptions, donations, apps
    Rule("newsletter pitch", re.compile(
        r"(?:sign(?:ing)? up|subscribe|get (?:our|the latest|the best)|join (?:our|the)|start your day|never miss|don'?t miss"
        r"|want (?:more|the latest)|like what you|enjoy(?:ed)? this|thanks? (?:you )?for (?:signing|subscribing)"
        r"|keep an eye on your inbox|there was an error processing|you can also subscribe|click here to subscribe"
        r"|to (?:get|receive) (?:our|the)|receive (?:our|the latest))\b[^\n]*"
        r"(?:newsletters?|inbox|e-?mails?|subscri\w+|sign(?:ing)? up|updates|alerts|youtube)", IC), 50),
    Rule("newsletter pitch", re.compile(r"(?:thanks? (?:you )?for (?:signing up|subscribing)|keep an eye on your inbox"
                                        r"|there was an error processing your subscription|you(?:'re| are) (?:now )?subscribed)",
                                        IC), 15),
    Rule("newsletter pitch", re.compile(r"(?=[^\n]*\b(?:you|your|our)\b)[^\n]{0,200}\b(?:newsletters?"
                                        r"|delivered (?:straight |directly )?to your inbox|in your inbox)\b", IC), 45),
    Rule("newsletter pitch", re.compile(r"[^\n]{0,60}\bnewsletters?\s*[:!]?\s*$", IC), 6),
    Rule("donation pitch", re.compile(
        r"[^\n]{0,200}\b(?:donate|donation|support (?:our|independent|quality) journalism|become a (?:member|patron|subscriber)"
        r"|make a contribution|chip in|support us)\b[^\n]*\b(?:you|your|us|our)\b", IC), 70),
    Rule("promotion", re.compile(r"click here\b|(?:download|get) (?:the|our) [^.\n]{0,40}\bapp\b|tap here\b", IC), 40),
    Rule("promotion", re.compile(r"[^\n]{0,160}\b(?:for as little as|use the code|promo code|\d+ issues for)\b", IC), 70),
    Rule("podcast promotion", re.compile(
        r"(?:catch up on|listen to|subscribe to|download|follow|check out|tune in to)\b[^\n]{0,160}\bpodcasts?\b", IC), 50),
    Rule("podcast promotion", re.compile(
        r"(?:how to listen|listen|download|itunes|apple podcasts|spotify|stitcher|google podcasts)\s*:\s*(?:https?://\S+|\S+\s*)?$"
        r"|how to listen to\b", IC), 12),
    # ads and affiliate notes
    Rule("advertisement", re.compile(
        r"[-–—\s]*(?:(?:skip )?(?:advertisement|advertising|ad)(?:\s*[-–—:|]\s*(?:continue reading below|scroll to continue"
        r"(?: with content)?|story continues below|article continues below))?|ads?|ad feedback"
        r"|sponsored(?: content| post| links?| stories)?|paid (?:content|post|partner(?: content)?)"
        r"|promoted(?: content| stories| links)?|ads? by \w+|story continues below(?: advertisement)?"
        r"|continue reading (?:below|the main story)|article continues (?:below|after)(?: advertisement)?"
        r"|scroll to continue(?: with content)?)[-–—\s]*[:.]?\s*$", IC), 6),
    Rule("affiliate disclosure", re.compile(
        r"[^\n]{0,200}\b(?:if you (?:buy|purchase|click)[^\n]{0,80}(?:commission|share of the sale|compensat\w+)"
        r"|we may (?:earn|receive|get) (?:a )?(?:small )?(?:commission|share)|earns? (?:a )?commissions?"
        r"|affiliate (?:links?|commission|partnerships?)|prices? (?:are )?(?:accurate|subject to change)"
        r"|quantities may be limited)", IC), 60),
    # sharing
    Rule("share prompt", re.compile(
        r"(?:share (?:this|the|on|via|article|story|it|with)\b|share$|tweet$|email$|print$|like this (?:story|article)\?"
        r"|click to share|spread the word|pin it|share with a friend|share this)", IC), 15),
    Rule("share prompt", re.compile(
        r"(?:(?:facebook|twitter|linkedin|whatsapp|email|e-mail|pinterest|reddit|print|share|copy link|copy|link|messenger"
        r"|telegram|flipboard|tumblr|sms|comments?)[\s,|/·•]*){2,}$", IC), 12),
    # copyright, credits, references

    Rule("copyright line", re.compile(
        r"[^\n]{0,200}(?:\ball rights reserved\b|may not be (?:published|reproduced|copied),? broadcast, rewritten,?"
        r" or redistributed)", IC), 45),
    Rule("legal disclaimer", re.compile(
        r"(?=[^\n]*\bforward[- ]looking (?:statements?|information)\b)(?=[^\n]*\b(?:within the meaning of|risks and "
        r"uncertainties|undertakes? no (?:obligation|duty)|securities litigation reform act|safe harbou?r|(?:press|news) release)\b)",
        IC), 400),
    Rule("media contact", re.compile(
        r"(?:(?:media|press|investor|investors|public relations)\s+(?:relations\s+)?(?:contacts?|enquiries|inquiries|relations)"
        r"\s*[:—–-]\s*\S"
        r"|for (?:media|press|investor) (?:inquiries|enquiries|information|questions)\b)", IC), 40),
    Rule("reference", re.compile(r"\[\d{1,3}\]\s+\S"), 60),
    Rule("source credit", re.compile(r"(?-i:SOURCE)\s+(?-i:[A-Z])[^\n]{0,60}$"), 8),
    Rule("reference", re.compile(
        r"(?:more information|journal reference|journal information|references?|citation|doi|study|original study"
        r"|source|sources)\s*:\s*\S", IC), 90),
    Rule("source credit", re.compile(r"(?:provided by|courtesy of|this (?:story|article) (?:was )?(?:first |originally )?"
                                     r"(?:appeared|published) (?:in|on))\b", IC), 20),
    Rule("source credit", re.compile(
        r"(?:this (?:story|article|piece|report|post)\b[^.\n]{0,20}?\b(?:was |is |has been )?(?:first |originally )?"
        r"(?:published|produced|republished|reprinted|co-published)\b[^.\n]{0,30}?\b(?:by|with|in partnership|in collaboration"
        r"|under|from)\b|(?:distributed|syndicated) by\b|republished (?:with permission|under a creative commons))", IC), 40),
    Rule("reporting credit", re.compile(
        WIRE_CREDIT, IC), 45),
    Rule("reporting credit", re.compile(r"[^\n]{0,120}\b(?:contributed (?:reporting )?(?:to )?(?:this|the) "
                                        r"(?:report|story|article)|contributed reporting)\.?\)?$", IC), 25),
    Rule("author contact", CONTACT, 60),
    Rule("author contact", re.compile(
        r"(?:e-?mail|twitter|x|instagram|facebook|bluesky|threads|linkedin|phone|tel|telephone)\s*:\s*(?:@\w+"
        r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?[\d\s().-]{7,})\s*$", IC), 6),
    Rule("social media promotion", SOCIAL, 30),
    Rule("author contact", re.compile(
        r"(?:got|have|know of) (?:a|an) (?:story|tip|news tip|question|experience)\b[^\n]{0,80}\?\s*"
        r"(?:tell|contact|email|e-mail|message|write to|get in touch with) (?:us|our)\b", IC), 40),
    Rule("author bio", BIO_BY_LINE, 45),
    Rule("author bio", re.compile(r"(?:about the (?:author|writer|reporter)s?|author bio(?:graphy)?)\s*[:.—–-]\s*\S", IC), 90),
    Rule("donation pitch", re.compile(
        r"[^\n]{0,120}\b(?:is|are) (?:funded|supported|made possible) by (?:(?:its |our )(?:readers|listeners|viewers)\b"
        r"|our (?:members|subscribers|donors)\b|readers(?: like you)?\.?\s*$)|[^\n]{0,80}\bis an? (?:independent|non-?profit|reader-(?:funded|supported))\b[^\n]{0,80}"
        r"\b(?:newsroom|news ?site|publication|organisation|organization|outlet|journalism)\b", IC), 60),
    Rule("series note", re.compile(
        r"(?:this (?:article|story|piece|report) is (?:part of|from) (?:our|a|the)\b[^\n]{0,80}\b(?:series|project|coverage)"
        r"|[^\n]{0,60}\bwill (?:answer|take) (?:readers'?|your) questions\b)", IC), 45),
    # stamps, labels, bare links
    Rule("date stamp", re.compile(
        r"\(?(?:published|updated|posted|last updated|first published|last modified)\b(?: at| on)?\s*:?\s*"
        r"[^()\n]{0,60}(?:\d{4}|\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)\.?\)?\s*$", IC), 12),
    Rule("date stamp", re.compile(
        rf"(?:updated|posted|published|last updated)?\s*:?\s*(?:{_CLOCK}){_ZONE}\s*[,|·•-]?\s*"
        rf"(?:(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
        rf"|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?))?\s*$", IC), 8),
    Rule("date stamp", re.compile(
        r"(?:updated|posted|published|last updated)?\s*:?\s*(?:about |over |less than |\d+|an?|one) ?(?:secs?|seconds?|mins?"
        r"|minutes?|h|hrs?|hours?|d|days?|wks?|weeks?) ago\s*$", IC), 7),
    Rule("date stamp", re.compile(rf"{BARE_DATE}\s*(?:,|at|[-–—|·•])?\s*(?:{_CLOCK}){_ZONE}\s*\.?\s*$", IC), 12),
    Rule("date stamp", re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:[+-]\d{2}:?\d{2}|Z)?)?\s*$"), 8),
    Rule("page label", re.compile(r"(?:disclaimer|tags?|topics?|categories|category|filed under|posted in|related topics"
                                  r"|keywords)\s*(?:[:|]|$)", IC), 25),
    Rule("page label", re.compile(r"disclaimer\b", IC), 90),
    Rule("bare link", re.compile(r"(?:https?://|www\.)\S+\s*$", IC), 60),
    Rule("page furniture", re.compile(
        r"(?:images?|photos?|caption|close|open|expand|collapse|next|previous|prev|back to gallery|view gallery|gallery"
        r"|enlarge|updated|play|pause|skip ad|menu|search|loading\.*|(?:image|photo|slide)?\s*\d+\s*(?:of|/|of/)\s*\d+)"
        r"\s*$", IC), 5),
    Rule("page furniture", re.compile(
        r"[(\[]?(?:(?:click|tap)(?: (?:on )?(?:the )?(?:image|photo|picture|graphic|chart|map))? (?:here )?to (?:enlarge|expand|zoom"
        r"|see (?:a )?larger(?: version| image)?|view (?:larger|full[- ]size|gallery))|enlarge this image|expand image"
        r"|(?:hide|show|toggle) caption|listen to (?:this |the )?(?:article|story)(?:\s*[·•|(-]?\s*\d+\s*min(?:ute)?s?\)?)?"
        r"|(?:click|tap) (?:here )?to (?:listen|play|watch|read more|see more|view)"
        r"|listen\s*\(?\d+\s*min(?:ute)?s?\)?|\d+\s*min(?:ute)?s?\.? (?:read|listen)|(?:estimated )?reading time\s*:?\s*\d+\s*min\w*"
        r"|(?:sign|log) ?(?:in|on|out|up)|register|create (?:an|a free) account|my account|subscribe(?: now)?"
        r"|skip to (?:main )?content|back to top|toggle navigation|print (?:this )?(?:page|article|story)?|font size|text size"
        r"|(?:view|show|hide) \d* ?comments|(?:watch|play) (?:the )?video|audio|###|-30-|listen(?:\s*[·•|]\s*\d+:\d{2})?"
        r"|key events|show key events(?: only)?|pinned(?: post)?|live updates|auto[- ]?refresh|refresh|show more|see more"
        r"|load more|view more|read less|show less|(?:please )?enable javascript\b[^\n]*"
        r"|(?:watch|see|view|play) (?:the )?(?:video|clip|footage|gallery|photos) (?:above|below))[)\]]?[.!]?\s*$", IC), 12),
    Rule("page furniture", re.compile(r"[^\n]{0,80}\b\d+\s*min(?:ute)?s?\.? (?:read|listen)\s*$", IC), 14),
    Rule("page furniture", re.compile(
        r"(?:(?:privacy(?: policy| notice)?|terms(?: of (?:use|service))?|cookie (?:policy|settings)|about us|contact us|site ?map"
        r"|accessibility|advertise(?: with us)?|careers|newsletters?|subscribe|help|faq)\s*(?:[|·•/]\s*|$)){2,}", IC), 16),
    Rule("advertisement", re.compile(
        r"(?:this is (?:a |an )?)?(?:paid (?:post|content|partnership|promotion)|sponsored (?:content|post|story|article)"
        r"|advertorial|promoted content)\b[^\n]{0,60}$|(?:sponsored|presented|brought to you) by\s+\S[^\n,;:]{0,50}$", IC), 12),
    Rule("byline", re.compile(
        r"(?:by\s+)?(?-i:[A-Z])[\w.'’-]+(?: (?-i:[A-Z])[\w.'’-]+){1,3},\s+[^\n]{0,50}\b(?:writer|correspondent|reporter"
        r"|editor|staff|contributor)\s*$", IC), 10),
    Rule("bare link", re.compile(r"\[?(?:button|link)\b[^\]]*\][^\n]*\[/(?:button|link)\]", IC), 30),
)

BIO_SENTENCE = re.compile(
    r"(?:[A-Z][\w'’.-]+\s){1,3}(?:is|was|has been)\s+(?:a|an|the|[A-Z][\w'’-]*(?:'s|’s))\s+(?:[\w'’,-]+\s+){0,8}?"
    r"(?:journalist|reporter|writer|correspondent|editor|columnist|contributor|author|freelancer|curator|producer"
    r"|blogger|analyst|commentator|photographer|critic|contributing)\b")
BIO_CUES = re.compile(
    r"\b(?:has written (?:for|about)|(?:his|her|their) (?:work|writing|reporting) (?:has )?(?:been )?(?:featured|appeared|published)"
    r"|holds an? (?:BA|MA|PhD|degree|master)|is the author of|lives in (?-i:[A-Z])|based in (?-i:[A-Z])\w+\.|follow (?:him|her) on)", IC)
ABOUT_AUTHOR = re.compile(r"(?:about the (?:author|writer|reporter)s?|author bio(?:graphy)?|about me)\b\s*[:.]?", IC)
BIO_ROLE = re.compile(r"the (?:author|writer|columnist)s? (?:is|are) (?:a|an)\b(?![^\n]*\d)", IC)
PROMO_SENTENCE = re.compile(
    r"(?:read|check out|see|watch|listen to|click here|find out more|learn more|sign up)\b[^.!?\n]{0,80}\bhere\s*[.!]?\s*$", IC)
SECTION_LEADS = {"related links", "comment prompt"}


def rule_reason(text: str, n_words: int) -> str | None:
    """The reason of the first rule that marks this block text, or None."""
    for rule in RULES:
        if rule.matches(text, n_words):
            return rule.reason
    return None
