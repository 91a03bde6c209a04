"""Phrases that mark page furniture, in several languages, grouped by what they are.

These are written by hand (not learned) so that a label can say *why*: "share: 'Share on
Facebook'". They are features for the model, not verdicts; only the strongest section headers
(``SECTION_HEADERS``) start a furniture section on their own (see ``text.py``). ``lexicon``
matches them.

Patterns are matched against the lowercased line. ``SHORT`` patterns must cover a short line
(they describe the whole line: a menu item, a button); ``ANY`` patterns may appear anywhere in
a line of any length under 300 characters (a copyright notice inside a longer footer line).

Languages: English, German, French, Spanish, Italian, Portuguese, Dutch, Polish, Czech, Swedish,
Romanian, Hungarian, Turkish, Russian, Ukrainian, Indonesian, Vietnamese, Chinese, Japanese,
Korean, Arabic, Hindi, Hebrew, Persian, Thai, Bengali, Tamil, Urdu, Greek and Swahili, each with
the phrases of common CMS templates (not every group in every language).
"""

from __future__ import annotations

LEXICON_GROUPS: tuple[str, ...] = (
    "share",
    "legal",
    "comment",
    "related",
    "author-bio",
    "ad",
    "subscribe",
    "navigation",
    "byline",
    "caption",
)

# comment-section words and a comment's header lines (a count may precede any of them: "12 comments")
COMMENT_WORDS = (
    r"comments?|reply|replies|leave a (reply|comment)|post a comment|add a comment|join the discussion"
    r"|speak your mind|have your say|add your comment|write a comment|join the conversation"
    r"|comments are closed( on this (article|post|story|page))?|feel free to leave a comment"
    r"|kommentare?|antworten|commentaires?|répondre|comentarios?|responder|commenti|rispondi|komentarze?|odpowiedz"
    r"|комментарии|комментарий|ответить|reacties|reageer|((show|view|load|read) )?(all |more )?(comments|replies)"
    r"|comentários?|comente|deixe (um|seu|o seu) comentário|yorumlar|yorum yap|yanıtla|cevapla|komentar|balas"
    r"|tinggalkan komentar|bình luận|trả lời|коментарі|коментар|відповісти|komentáře|odpovědět|kommentarer|kommentera"
    r"|svara|comentarii|răspunde|hozzászólások|válasz|コメント|コメントする|返信|评论|評論|回复|回覆|留言|发表评论|發表評論"
    r"|댓글|답글|تعليقات|التعليقات|टिप्पणी|टिप्पणियाँ|टिप्पणियां|कमेंट्?स?|网友评论|评论区|評論區|תגובות|הוסיפו תגובה"
    r"|השאירו תגובה|כתבו תגובה|نظرات|دیدگاه‌?ها|ارسال نظر|ارسال دیدگاه|แสดงความคิดเห็น"
    # plural or imperative forms only: a singular "comment" is also an article's "opinion" or
    # "analysis" heading ("Σχόλιο", "تبصرہ", "கருத்து", "Maoni"), and a section it started dropped the analysis
    r"|মন্তব্যসমূহ|মন্তব্য করুন|கருத்துகள்|கருத்துக்கள்|تبصرے|اپنی رائے دیں|σχόλια|γράψτε σχόλιο|toa maoni"
    r"|maoni ya wasomaji"
    # a comment's header line in common blog and forum software ("Rating: 12 votes"; "Jane says:"
    # is matched by its ending, see COMMENT_ENDINGS)
    r"|rating:? .{1,20}|\d+ (likes?|votes?)"
    r"|report( comment| abuse)?|flag( as inappropriate)?"
)

# Lines are lowercased with ``str.lower``, which turns Turkish "İ" into "i" plus U+0307 (combining
# dot above); the Turkish phrases allow it.
SHORT: dict[str, str] = {
    "share": r"(share|tweet|pin it|email|e-mail|print|facebook|twitter|linkedin|whatsapp|reddit|pinterest|telegram"
    r"|teilen|partager|compartir|condividi|udostępnij|поделиться|delen|dela|sdílet|copy link|share this( article| story| post)?( on \w+)?"
    r"|share on \w+|follow us( on \w+)?|folgen sie uns|suivez-nous|síguenos|seguici|obserwuj nas"
    r"|compartilhe|compartilhar|partilhar|paylaş|bagikan|chia sẻ|поділитися|distribuie|megosztás|シェア|ツイート"
    r"|分享|分享到|转发|轉發|공유|공유하기|شارك|مشاركة|शेयर करें|शेयर|साझा करें|siga-nos|bizi takip edin|שתפו|שתף|שיתוף"
    r"|اشتراک‌?گذاری|اشتراک گذاری|به اشتراک بگذارید|แชร์|แบ่งปัน|শেয়ার করুন|শেয়ার|பகிர்|பகிரவும்|شیئر کریں"
    r"|κοινοποίηση|μοιραστείτε|shiriki)",
    "comment": rf"(\d+ *({COMMENT_WORDS})|{COMMENT_WORDS})",
    "related": r"(related( articles| posts| stories| news| content)?|related (coverage|reading|links|videos)( from .{1,40}:)?|read (more|also|next)|see also|check also|more from .{1,40}"
    r"|you (may|might) also like|recommended( for you)?|most (read|popular|viewed|shared)( (this|of the) (week|month|year)| today| now)?"
    r"|trending( now| this week)?|popular( posts| this week| now)?"
    r"|latest( news| posts| articles)?|top stories|more stories|previous( post| article)?|next( post| article)?"
    r"|weitere artikel|mehr zum thema|das könnte sie auch interessieren|lesen sie auch|à lire aussi|lire aussi|voir aussi"
    r"|sur le même sujet|te puede interesar|lee también|noticias relacionadas|leggi anche|potrebbe interessarti"
    r"|czytaj (też|także|również)|zobacz (też|także|również)|polecane|читайте также|смотрите также|по теме|похожие статьи"
    r"|lees ook|gerelateerd|läs också"
    r"|leia também|leia mais|veja também|você (também )?pode gostar|(notícias|matérias|artigos|posts) relacionad[oa]s"
    r"|mais lid[oa]s|i\u0307?lgili (haberler|yazılar)|benzer haberler|bunlar da ilginizi çekebilir|çok okunanlar"
    r"|baca juga|berita terkait|artikel terkait|terpopuler|tin liên quan|bài viết liên quan|xem thêm|đọc thêm"
    r"|читайте також|схожі новини|по темі|související články|čtěte (také|též)|relaterat|relaterade artiklar|mest läst"
    r"|citește și|articole similare|kapcsolódó cikkek|ezek is érdekelhetnek|関連記事|関連ニュース|おすすめ記事|人気記事"
    r"|あわせて読みたい|こちらもおすすめ|相关文章|相關文章|相关新闻|相關新聞|推荐阅读|推薦閱讀|热门文章|熱門文章|延伸阅读"
    r"|延伸閱讀|관련 ?기사|많이 본 뉴스|추천 기사|اقرأ أيضا|اقرأ أيضاً|أخبار ذات صلة|مقالات ذات صلة|यह भी पढ़ें|ये भी पढ़ें"
    r"|संबंधित खबरें|संबंधित लेख|और पढ़ें|ताज़ा खबरें|相关阅读|相關閱讀|猜你喜欢|更多阅读|相关推荐|関連リンク|관련 뉴스"
    r"|المزيد من الأخبار|الأكثر قراءة|עוד בנושא|כתבות נוספות|כתבות קשורות|אולי יעניין אותך|הנקראים ביותר|مطالب مرتبط"
    r"|اخبار مرتبط|مطالب پیشنهادی|بیشتر بخوانید|پربازدیدترین|ข่าวที่เกี่ยวข้อง|บทความที่เกี่ยวข้อง|อ่านเพิ่มเติม"
    r"|ข่าวล่าสุด|ข่าวยอดนิยม|সম্পর্কিত খবর|আরও পড়ুন|আরো পড়ুন|தொடர்புடைய செய்திகள்|மேலும் படிக்க|متعلقہ خبریں"
    r"|مزید پڑھیں|یہ بھی پڑھیں|διαβάστε επίσης|διαβάστε ακόμη|σχετικά άρθρα|σχετικές ειδήσεις|habari zinazohusiana"
    r"|soma pia|soma zaidi|habari nyingine)",
    "author-bio": r"(about( the)? author|about the writer|about \w+( \w+){0,2}|sobre (?!(?:o|a|os|as|um|uma|este|esta|esse|essa|isso|isto|como|que|el|la|los|las|un|una|lo|mi|mis|nosotros|nós)\b|\d)\w+( \w+){1,2}"
    r"|über (?!(?:den|die|das|dem|der|des|ein|eine|einen|einem|einer|uns|mich|alles)\b|\d)\w+( \w+){1,2}"
    r"|à propos de (?!(?:la|le|les|ce|cette|cet|ces|nos|notre|nous|un|une)\b|\d)\w+( \w+){1,2}"
    r"|acerca de (?!(?:el|la|los|las|lo|un|una|este|esta|nosotros|mi|mis)\b|\d)\w+( \w+){1,2}"
    r"|sobre la autora|acerca del autor|acerca de la autora|à propos de l'autrice|author bio|über den autor|über die autorin"
    r"|à propos de l'auteur|sobre el autor|sull'autore|o autorze|об авторе|over de auteur"
    r"|sobre o autor|sobre a autora|yazar hakkında|tentang penulis|về tác giả|про автора|o autorovi|om författaren"
    r"|despre autor|a szerzőről|著者について|著者プロフィール|この記事を書いた人|关于作者|關於作者|作者简介|作者簡介"
    r"|عن الكاتب|نبذة عن الكاتب|عن الكاتبة|نبذة عن الكاتبة|عن المؤلف|기자 소개|필자 소개|저자 소개|על הכותב|על הכותבת"
    r"|אודות הכותב|درباره نویسنده|درباره‌ی نویسنده|เกี่ยวกับผู้เขียน|लेखक के बारे में|लेखक परिचय"
    r"|লেখক পরিচিতি|লেখক সম্পর্কে|ஆசிரியர் பற்றி|ஆசிரியரைப் பற்றி|مصنف کے بارے میں|مصنف کا تعارف"
    r"|σχετικά με τον συγγραφέα|για τον συντάκτη|για τη συντάκτρια|kuhusu mwandishi"
    r"|written by .{1,40}|posted by .{1,40})",
    "ad": r"(advertisement|advertising|sponsored( content)?|ad|ads|anzeige|werbung|publicité|publicidad|pubblicità|reklama"
    r"|реклама|advertentie|promoted|partner content|publicidade|anúncio|patrocinado|reklam|sponsorlu|iklan|quảng cáo|annons|publicitate"
    r"|hirdetés|広告|スポンサーリンク|广告|廣告|광고|إعلان|اعلان|विज्ञापन)",
    "subscribe": r"(subscribe|sign up|sign in|log ?in|log out|register|newsletter|get the newsletter|subscribe now"
    # Blogger's feed links under every post and page
    r"|subscribe to: (posts|post comments|comments) \(atom\)"
    r"|abonnieren|anmelden|s'abonner|abonnez-vous|se connecter|suscríbete|iniciar sesión|iscriviti|accedi|subskrybuj"
    r"|zaloguj( się)?|zarejestruj( się)?|подписаться|войти|регистрация|aanmelden|inloggen|create (an )?account"
    r"|assine|assinar|inscreva-se|cadastre-se|entrar|abone ol|giriş yap|üye ol|kayıt ol|berlangganan|masuk|daftar"
    r"|đăng ký|đăng nhập|підписатися|увійти|реєстрація|přihlásit( se)?|registrace|prenumerera|logga in|abonează-te"
    r"|autentificare|feliratkozás|bejelentkezés|ログイン|会員登録|新規登録|登录|登入|注册|註冊|订阅|訂閱|로그인|회원가입|구독"
    r"|اشترك|تسجيل الدخول|ニュースレター|뉴스레터|הירשמו|הרשמה|ניוזלטר|عضویت در خبرنامه|خبرنامه|ورود|ثبت نام"
    r"|สมัครสมาชิก|สมัครรับข่าวสาร|เข้าสู่ระบบ|न्यूज़लेटर|सब्सक्राइब करें|लॉग इन|নিউজলেটার|সাবস্ক্রাইব করুন|செய்திமடல்"
    r"|நியூஸ்லெட்டர்|نیوز لیٹر|سبسکرائب کریں|ενημερωτικό δελτίο|εγγραφή|σύνδεση|jiandikishe|jarida)",
    "navigation": r"(home|menu|search|skip to (main )?content|back to top|go to top|main menu|navigation|close|open menu"
    r"|startseite|suche|accueil|rechercher|inicio|buscar|cerca|strona główna|szukaj|главная|поиск|zoeken"
    r"|início|página inicial|pesquisar|contato|fale conosco|ana ?sayfa|ara|arama|i\u0307?letişim|hakkımızda|beranda|cari"
    r"|tentang kami|trang chủ|tìm kiếm|liên hệ|головна|пошук|контакти|domů|hledat|hem|sök|startsida|kontakta oss"
    r"|acasă|căutare|főoldal|keresés|kapcsolat|ホーム|トップ|検索|お問い合わせ|メニュー|首页|首頁|搜索|搜尋|联系我们"
    r"|聯絡我們|홈|검색|메뉴|الرئيسية|بحث|اتصل بنا|होम|דף הבית|ראשי|חיפוש|צור קשר|صفحه اصلی|خانه|جستجو|تماس با ما"
    r"|หน้าแรก|หน้าหลัก|ค้นหา|ติดต่อเรา|मुख्य पृष्ठ|खोजें|संपर्क करें|संपर्क|প্রচ্ছদ|মূলপাতা|যোগাযোগ|முகப்பு|தேடல்"
    r"|தொடர்புக்கு|صفحہ اول|سرورق|رابطہ|αρχική|αναζήτηση|επικοινωνία|nyumbani|mwanzo|tafuta|wasiliana nasi"
    r"|contact( us)?|about( us)?|impressum|kontakt|sitemap|faq|help|terms|jobs|careers|archives?|categories|tags?:?.*"
    # pagination and sorting of a listing: "Page 2 of 14", "1-10 of 1,901 results | Page 1 of 191",
    # "« Previous 1 2 3 Next »", "Sort by: Relevance Date", "Older posts", "Load more"
    r"|page \d+ (of|/) [\d,.]+|(showing )?\d+ ?[-–] ?\d+ (of|from) [\d,.]+( results| items| entries| articles)?.{0,60}"
    r"|[‹«<]? ?prev(ious)?( page)?.{0,40}next( page)? ?[›»>]?|sort( by)?|sort by:? [^.]{1,80}|(results|items|posts) per page"
    r"|(older|newer) (posts|entries|articles)|load more( posts| articles| stories)?|show more)",
    "byline": r"(by \w+( \w+){0,3}|von \w+( \w+){0,3}|par \w+( \w+){0,3}|por \w+( \w+){0,3}|di \w+( \w+){0,3}"
    r"|autor:? .{1,40}|author:? .{1,40}|updated:? .{1,40}|published:? .{1,40}|aktualisiert.{0,40}|mis à jour.{0,40}"
    r"|\d+ min(ute)?s? read|\d+ (minutes?|hours?|days?|weeks?|months?) ago|\d+ ?(h|hrs?|m|mins?|d) ago|oleh \w+( \w+){0,3}|yazar:? .{1,40}|penulis:? .{1,40}"
    r"|tác giả:? .{1,40}|publicado em .{1,40}|atualizado em .{1,40}|publicado el .{1,60}|actualizado el .{1,40}|publié le .{1,60}|veröffentlicht am .{1,40}|pubblicato il .{1,60}|opublikowano .{1,40}|(作者|来源|來源|编辑|責任編輯|责任编辑) ?[:：].{1,40}|photo:? .{1,60}|image:? .{1,60}|image credit:? .{1,60}|credit:? .{1,60}|foto:? .{1,60}|source:? .{1,60})",
}

# Words that make "cookie" a site's cookie (see ANY's "legal")
# (whole words: "police", "setting them", "acceptable", "tracked down" are no notice's)
_COOKIE_CONTEXT = (
    r"\b(browser|browsing|websites?|web ?site|this site|our site|consent|opt[- ]?(in|out)|tracking|trackers?|privacy"
    r"|polic(y|ies)|settings|preferences|accept( all)?|allow( all)?|necessary|essential|analytics|third[- ]party"
    r"|your( browsing)? experience|personal (data|information)|data protection|gdpr"
    r"|expérience|experiencia|esperienza|erfahrung|audience|navigation|navegación|navigazione|datenschutz|zustimmung"
    r"|einwilligung|consentement|consentimiento|consenso|sito|sitio|webseite|website|strona|ιστότοπ\w*|ιστοσελίδ\w*"
    r"|συναίνεσ\w*|περιήγησ\w*)\b"
)

ANY: dict[str, str] = {
    "legal": r"(©|\(c\) ?(19|20)\d\d|copyright|all rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados|tutti i diritti riservati|wszelkie prawa zastrzeżone|все права защищены"
    r"|privacy policy|terms of (use|service)|datenschutz|politique de confidentialité|política de privacidad"
    # cookies as a site's notice, not the baked kind ("chocolate chip cookies", "fortune cookies"):
    # alone, or with a word of the web in the same sentence
    r"|^cookies?$|\b(we|site) (use|uses|are using|is using) cookies|(utilisons|utilise) des cookies|(utilizamos|usamos|utiliza) cookies"
    r"|(verwende[nt]?|nutz(en|t)) cookies|(utilizziamo|usiamo|utilizza) (i )?cookie|używa(my)? (plików )?cookies?|использу\w* (файлы )?cookie"
    r"|cookie[^.!?]{0,100}?(?:" + _COOKIE_CONTEXT + r")|(?:" + _COOKIE_CONTEXT + r")[^.!?]{0,100}?cookie"
    r"|polityka prywatności|your email address will not be published|required fields are marked"
    r"|todos os direitos reservados|política de privacidade|tüm hakları saklıdır|gizlilik politikası|hak cipta"
    r"|kebijakan privasi|bản quyền|chính sách bảo mật|(всі|усі) права захищені|všechna práva vyhrazena"
    r"|alla rättigheter förbehållna|toate drepturile rezervate|minden jog fenntartva|無断転載|著作権|プライバシーポリシー"
    r"|版权所有|版權所有|隐私政策|隱私權政策|무단 ?전재|저작권|جميع الحقوق محفوظة|सर्वाधिकार सुरक्षित|सभी अधिकार सुरक्षित"
    r"|כל הזכויות שמורות|(تمامی|کلیه) حقوق|สงวนลิขสิทธิ์|সর্বস্বত্ব সংরক্ষিত|அனைத்து உரிமைகளும்|جملہ حقوق محفوظ"
    r"|με επιφύλαξη παντός δικαιώματος|haki zote zimehifadhiwa"
    # the comment form's notice in the languages WordPress ships
    r"|não será publicado|nicht veröffentlicht|ne sera pas publiée|no será publicada|non sarà pubblicato"
    r"|nie zostanie opublikowany|не будет опубликован|campos obrigatórios|erforderliche felder|champs obligatoires"
    r"|campos obligatorios|campi obbligatori)",
    # photo credits, which mark a caption line (agency conventions, in any language's caption)
    # "(AP)" closes a caption, but "CITY (AP) — " opens a wire story: not before a dash
    "caption": r"(\((ap|afp|reuters|epa|dpa|getty|file)( photo| images)?(/|\)(?! ?[-–—]))|\(photo:|photo credit|image credit|getty images"
    r"|shutterstock|/ ?(reuters|afp|ap|epa|dpa)\b|photo by |photo: |foto by |foto: |picture by |picture: |image by |image: )",
}

# Both patterns run on one line at a time; they avoid newlines anyway (``[^\w\n]`` instead of
# ``\W``, spaces instead of ``\s``), as when they ran over a page's joined lines.
# Every match of an ANY group's pattern contains one of the group's literals. A line without any
# skips the ANY regex, and a line is searched with the patterns of the groups whose literals it
# holds only: a regex scan costs ~50 ns per character of the page, a substring search a few.
# Keep this in step with ``ANY`` (tests/extract/test_features.py checks an example of every
# alternative).
ANY_NEEDLES_BY_GROUP: dict[str, tuple[str, ...]] = {
    "legal": (
        "©", "(c)", "copyright", "rights reserved", "rechte vorbehalten", "droits réservés", "derechos reservados",
        "diritti riservati", "prawa zastrzeżone", "права защищены", "privacy", "cookie", "terms of", "datenschutz",
        "confidentialité", "privacidad", "prywatności", "email address will not", "required fields",
        "todos os direitos", "privacidade", "hakları saklıdır", "gizlilik", "hak cipta", "kebijakan privasi", "bản quyền",
        "chính sách bảo mật", "права захищені", "práva vyhrazena", "rättigheter förbehållna", "drepturile rezervate",
        "jog fenntartva", "無断転載", "著作権", "プライバシーポリシー", "版权所有", "版權所有", "隐私政策", "隱私權政策", "무단",
        "저작권", "جميع الحقوق محفوظة", "सर्वाधिकार सुरक्षित", "सभी अधिकार सुरक्षित", "כל הזכויות שמורות", "تمامی حقوق",
        "کلیه حقوق", "สงวนลิขสิทธิ์", "সর্বস্বত্ব সংরক্ষিত", "அனைத்து உரிமைகளும்", "جملہ حقوق محفوظ",
        "με επιφύλαξη παντός δικαιώματος", "haki zote zimehifadhiwa", "não será publicado", "nicht veröffentlicht",
        "ne sera pas publiée", "no será publicada", "non sarà pubblicato", "nie zostanie opublikowany",
        "не будет опубликован", "campos obrigatórios", "erforderliche felder", "champs obligatoires",
        "campos obligatorios", "campi obbligatori",
    ),
    # "(ap", "/ reuters" and the like rather than "(" and "/", which are on every other line
    "caption": (
        "(ap", "(afp", "(reuters", "(epa", "(dpa", "(getty", "(file", "(photo", "/ap", "/ ap", "/afp", "/ afp",
        "/reuters", "/ reuters", "/epa", "/ epa", "/dpa", "/ dpa",
        "getty", "shutterstock", "credit", "photo", "foto", "picture", "image",
    ),
}
ANY_NEEDLES: tuple[str, ...] = tuple(n for needles in ANY_NEEDLES_BY_GROUP.values() for n in needles)

# (A needle in a script the page does not use costs nothing: ``str.find`` returns at once when
# the needle has a wider character than any in the page.)

# Endings of a comment's header line ("Jane says:", "Jane on May 3, 2018 at 4:47 pm said:"),
# tested with ``str.endswith`` on lines of up to ``COMMENT_HEADER_TOKENS`` tokens (a name, a date
# and a time): as a regex alternative (".{1,40} says:") they cost a backtracking scan at every
# line of every page.
COMMENT_ENDINGS: tuple[str, ...] = (
    " says:", " said:", " wrote:", " commented:", " replied:", " sagt:", " schreibt:", " schrieb:", " dit :", " dit:",
    " dice:", " disse:", " escreveu:", " napisał:", " napisała:", " пишет:", " написал:", " написала:", " zegt:",
    " schreef:",
)
COMMENT_HEADER_TOKENS = 16

# The header over a blog's comments that counts them and quotes the post's title, as WordPress
# themes print it ("10 thoughts on “Title”", "34 Responses to “Title”", "3 Kommentare zu „Titel“"):
# longer than a section header's six words, it is known by its start, a count and a preposition,
# and by ending with the title's closing quote (``COMMENT_COUNT_CLOSING``: an article's "One
# response to “the money has run out” became a slogan" goes on after it; "3 thoughts on the
# budget" has no quote)
COMMENT_COUNT_HEADER = (
    r"(\d+|one|un|une|uno|una|um|uma|ein|eine|jedna|jeden) +(thoughts?|responses?|repl(y|ies)|comments?|reactions?"
    r"|gedanken?|kommentare?|antworten|réflexions?|commentaires?|réponses?|comentarios?|comentários?|respuestas?"
    r"|respostas?|commenti|commento|risposte|risposta|pensieri|reacties|reactie|komentarz[ey]?|komentarzy|odpowied(ź|zi)"
    r"|комментари(й|я|ев)|отзыв(а|ов)?) +(on|to|zu|sur|à|a|en|para|sobre|em|su|op|do|na|к записи|к|на)"
    r" +[“\"«„‘'‚]"
)
# ... and the closing quotes, one of which the header's last character (punctuation aside) is
COMMENT_COUNT_CLOSING = "”\"»“’'"

# The consent box of WordPress's comment form (since 4.9.6), as its translations begin: the form
# is the comment area, which runs to the page's end ("Save my name, email, and website in this
# browser for the next time I comment.")
COMMENT_FORM_CONSENT: tuple[str, ...] = (
    "save my name, email", "meinen namen, meine e-mail", "enregistrer mon nom, mon e-mail", "guarda mi nombre, correo",
    "guardar mi nombre, correo", "salva il mio nome, email", "salvar meus dados neste navegador", "guardar o meu nome, email",
    "zapamiętaj moje dane w tej przeglądarce", "mijn naam, e-mail en site opslaan", "сохранить моё имя, email",
    "сохранить мое имя, email",
)

# Section headers strong enough to start a furniture section that runs to the next real heading
# (the seed's "About Banner Leon", "Check Also", "Leave a Reply").
SECTION_HEADERS: frozenset[str] = frozenset({"author-bio", "related", "comment"})
