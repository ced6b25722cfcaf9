"""The inline scripts the built site may hold: mkdocs-material's and folium's own, with their
whitespace collapsed, and `"{root}"` where the script names the path from its page to the
site's root. The audit reports any other inline script (see `audit.audit_scripts`).

When an upgrade of mkdocs-material or folium changes one of them, the audit quotes the new
script; read it, and if it is the library's own, put it here in the same form."""

THEME_SCRIPTS = frozenset(
    {
        # mkdocs-material: where the reader's preferences are kept (every page).
        '__md_scope=new URL("{root}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.'
        "charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t."
        'pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathnam'
        'e+"."+e,JSON.stringify(_))}catch(e){}}',
        # mkdocs-material: open the content tab named in the address (every page).
        "var target=document.getElementById(location.hash.slice(1));target&&target.name&&(targe"
        't.checked=target.name.startsWith("__tabbed_"))',
        # mkdocs-material: the colour scheme the reader chose (every page; mkdocs.yml has two).
        'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme'
        ')"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=d'
        "ocument.querySelector(media.matches?\"[data-md-color-media='(prefers-color-scheme: ligh"
        "t)']\":\"[data-md-color-media='(prefers-color-scheme: dark)']\");palette.color.media=inp"
        'ut.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md'
        '-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palet'
        'te.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.'
        'entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}',
        # folium, with builder/site/maps.py: the world map and the locator map ("sharedRoot" is
        # the path to the assets every language shares).
        'var map_map = L.map( "map_map", { center: [15.0, 10.0], crs: L.CRS.EPSG3857, ...{ "zoom"'
        ': 2, "zoomControl": true, "preferCanvas": true, "worldCopyJump": true, } } ); L.control'
        '.scale().addTo(map_map); AtlasMap.start(map_map, {"maxZoom": 10, "mode": "world", "sha'
        'redRoot": "{root}", "siteRoot": "{root}"});',
        'var map_map = L.map( "map_map", { center: [15.0, 10.0], crs: L.CRS.EPSG3857, ...{ "zoom"'
        ': 5, "zoomControl": true, "preferCanvas": true, "worldCopyJump": true, } } ); L.control'
        '.scale().addTo(map_map); AtlasMap.start(map_map, {"maxZoom": 10, "mode": "locator", "s'
        'haredRoot": "{root}", "siteRoot": "{root}"});',
    }
)
